namespace Engage.Functions.Health;

/// <summary>
/// What a probe found. <see cref="Reason"/> and <see cref="Details"/> are served to anonymous callers, so they
/// stay short and never hold a connection string, key or account detail.
/// </summary>
public sealed record ProbeResult(bool IsHealthy, TimeSpan Latency, string? Reason)
{
    /// <summary>Healthy, but serving in a reduced way (a fallback answers instead): reported, still 200.</summary>
    public bool IsDegraded { get; init; }

    /// <summary>Extra facts for the probe's entry, such as a circuit state; snake_case names.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    public static ProbeResult Healthy(TimeSpan latency) => new(true, latency, null);

    public static ProbeResult Unhealthy(TimeSpan latency, string reason) => new(false, latency, reason);

    public static ProbeResult Degraded(TimeSpan latency, string reason) => new(true, latency, reason) { IsDegraded = true };
}
