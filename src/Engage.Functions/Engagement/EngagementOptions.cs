using Engage.Functions.Hosting;

namespace Engage.Functions.Engagement;

/// <summary>Settings of the engagement feature (app settings, see docs/configuration.md).</summary>
public sealed class EngagementOptions
{
    public const int MaxLookbackDays = 3650;
    public const int MaxParallelAnalysesLimit = 64;
    public const int MaxMeetingsLimit = 1000;

    public int LookbackDays { get; set; } = 180;

    /// <summary>Excerpt analyses in flight at once per run: bounds LLM load and cost.</summary>
    public int MaxParallelAnalyses { get; set; } = 8;

    /// <summary>The newest meetings a run analyses: bounds a run's time, cost and storage for a domain with thousands.</summary>
    public int MaxMeetings { get; set; } = 100;

    public int ExcerptTokenBudget { get; set; } = 6000;

    public int RetentionDays { get; set; } = 7;

    public static EngagementOptions From(IConfiguration configuration) => new()
    {
        LookbackDays = SettingReader.WholeNumber(configuration, "ENGAGEMENT_LOOKBACK_DAYS", 180, 1, MaxLookbackDays),
        MaxParallelAnalyses = SettingReader.WholeNumber(configuration, "ENGAGEMENT_MAX_PARALLEL_ANALYSES", 8, 1, MaxParallelAnalysesLimit),
        MaxMeetings = SettingReader.WholeNumber(configuration, "ENGAGEMENT_MAX_MEETINGS", 100, 1, MaxMeetingsLimit),
        ExcerptTokenBudget = SettingReader.WholeNumber(configuration, "ENGAGEMENT_EXCERPT_TOKENS", 6000, 500, 200_000),
        RetentionDays = SettingReader.WholeNumber(configuration, "ENGAGEMENT_RETENTION_DAYS", 7, 1, MaxLookbackDays),
    };
}
