namespace Engage.Functions.Health;

/// <summary>
/// What a probe found. <see cref="Reason"/> is served to anonymous callers, so it stays short and never
/// holds a connection string, key or account detail.
/// </summary>
public sealed record ProbeResult(bool IsHealthy, TimeSpan Latency, string? Reason)
{
    public static ProbeResult Healthy(TimeSpan latency) => new(true, latency, null);

    public static ProbeResult Unhealthy(TimeSpan latency, string reason) => new(false, latency, reason);
}
