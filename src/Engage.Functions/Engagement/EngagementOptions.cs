using Engage.Functions.Hosting;

namespace Engage.Functions.Engagement;

/// <summary>Settings of the engagement feature (app settings, see docs/configuration.md).</summary>
public sealed class EngagementOptions
{
    public int LookbackDays { get; set; } = 180;

    /// <summary>Excerpt analyses in flight at once per run: bounds LLM load and cost.</summary>
    public int MaxParallelAnalyses { get; set; } = 8;

    public int ExcerptTokenBudget { get; set; } = 6000;

    public int RetentionDays { get; set; } = 7;

    public static EngagementOptions From(IConfiguration configuration) => new()
    {
        LookbackDays = SettingReader.WholeNumber(configuration, "ENGAGEMENT_LOOKBACK_DAYS", 180, 1, 3650),
        MaxParallelAnalyses = SettingReader.WholeNumber(configuration, "ENGAGEMENT_MAX_PARALLEL_ANALYSES", 8, 1, 64),
        ExcerptTokenBudget = SettingReader.WholeNumber(configuration, "ENGAGEMENT_EXCERPT_TOKENS", 6000, 500, 200_000),
        RetentionDays = SettingReader.WholeNumber(configuration, "ENGAGEMENT_RETENTION_DAYS", 7, 1, 3650),
    };
}
