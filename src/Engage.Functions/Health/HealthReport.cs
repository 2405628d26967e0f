using System.Text.Json.Nodes;

namespace Engage.Functions.Health;

/// <summary>
/// The results of every probe, shaped as <c>{status, group: {name: {...}}, version}</c>. Status is
/// <c>unhealthy</c> if any probe is, else <c>degraded</c> if any probe is, else <c>ok</c>; only unhealthy fails
/// the check, since a degraded dependency still serves (through its fallback).
/// </summary>
public sealed class HealthReport(IReadOnlyList<(IHealthProbe Probe, ProbeResult Result)> results)
{
    public bool IsHealthy => results.All(r => r.Result.IsHealthy);

    public JsonObject ToJson(string version)
    {
        var json = new JsonObject { ["status"] = Status(IsHealthy, results.Any(r => r.Result.IsDegraded)) };
        foreach (var (probe, result) in results)
        {
            if (json[probe.Group] is not JsonObject group)
            {
                json[probe.Group] = group = [];
            }

            var entry = new JsonObject
            {
                ["status"] = Status(result.IsHealthy, result.IsDegraded),
                ["latency_ms"] = Math.Round(result.Latency.TotalMilliseconds, 1),
            };
            foreach (var (name, value) in result.Details)
            {
                entry[name] = value;
            }

            if (result.Reason is { } reason)
            {
                entry["reason"] = reason;
            }

            group[probe.Name] = entry;
        }

        json["version"] = version;
        return json;
    }

    private static string Status(bool healthy, bool degraded) => !healthy ? "unhealthy" : degraded ? "degraded" : "ok";
}
