using Engage.Functions.Hosting;

namespace Engage.Functions.Llm;

/// <summary>How hard a caller tries the LLM before its fallback answers instead.</summary>
public sealed class LlmResilienceOptions
{
    public const string TimeoutSetting = "OPENAI_TIMEOUT_SECONDS";
    public const string MaxRetriesSetting = "OPENAI_MAX_RETRIES";
    public const string BreakDurationSetting = "OPENAI_CIRCUIT_BREAK_SECONDS";

    /// <summary>Per attempt, so one hung request cannot eat the budget of the retries.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt, for 408, 429, 5xx, attempt timeouts and unreachable servers.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Median of the jittered exponential back-off when the server gives no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on any wait before a retry, a server's Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed attempts that open the circuit.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>How long the circuit stays open before one probe call may try the LLM again.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <exception cref="InvalidOperationException">A setting has a value the analyzer cannot use.</exception>
    public static LlmResilienceOptions From(IConfiguration configuration)
    {
        var defaults = new LlmResilienceOptions();
        return new LlmResilienceOptions
        {
            AttemptTimeout = SettingReader.Seconds(configuration, TimeoutSetting, defaults.AttemptTimeout, min: 1, max: 600),
            MaxRetries = SettingReader.WholeNumber(configuration, MaxRetriesSetting, defaults.MaxRetries, min: 0, max: 10),
            BreakDuration = SettingReader.Seconds(configuration, BreakDurationSetting, defaults.BreakDuration, min: 1, max: 3600),
        };
    }
}
