using Engage.Functions.Hosting;

namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// How Engage talks to Fathom. Only the key and the base URL are app settings (docs/configuration.md);
/// the rest are Fathom's published limits and sane defaults, settable from code for tests.
/// </summary>
public sealed class FathomOptions
{
    public const string ApiKeySetting = "FATHOM_API_KEY";
    public const string BaseUrlSetting = "FATHOM_BASE_URL";

    public static readonly Uri DefaultBaseUrl = new("https://api.fathom.ai/external/v1");

    /// <summary>Null means "no Fathom": the demo dataset serves instead.</summary>
    public string? ApiKey { get; set; }

    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Calls per request, the first one included.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Median of the first back-off; it grows exponentially, with jitter, from there.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on any single wait, including one Fathom asks for with <c>Retry-After</c> or <c>RateLimit-Reset</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Pages one run reads at the most: bounds a run's time and memory for a domain with thousands of meetings (a
    /// free-mail domain) and stops a server that hands out cursors forever. Which meetings are left out depends on
    /// Fathom's list order, which its documentation does not state.
    /// </summary>
    public int MaxPages { get; set; } = 100;

    /// <summary>Fathom allows 60 calls per 60-second window per account.</summary>
    public int RequestsPerWindow { get; set; } = 60;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);

    public bool IsConfigured => ApiKey is not null;

    /// <exception cref="InvalidOperationException">A setting has a value Engage cannot use.</exception>
    public static FathomOptions From(IConfiguration configuration)
    {
        var baseUrl = SettingReader.HttpUrl(
            configuration[BaseUrlSetting],
            text => $"{BaseUrlSetting} must be an absolute http(s) URL such as {DefaultBaseUrl}, not '{text}'.");
        SettingReader.RequireHttpsUnlessLoopback(baseUrl, BaseUrlSetting);
        return new FathomOptions
        {
            ApiKey = SettingReader.Text(configuration[ApiKeySetting]),
            BaseUrl = baseUrl ?? DefaultBaseUrl,
        };
    }
}
