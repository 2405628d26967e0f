using System.Text.Json.Nodes;

namespace Engage.Functions.Health;

/// <summary>The results of every probe, shaped as <c>{status, group: {name: {...}}, version}</c>.</summary>
public sealed class HealthReport(IReadOnlyList<(IHealthProbe Probe, ProbeResult Result)> results)
{
    public bool IsHealthy => results.All(r => r.Result.IsHealthy);

    public JsonObject ToJson(string version)
    {
        var json = new JsonObject { ["status"] = Status(IsHealthy) };
        foreach (var (probe, result) in results)
        {
            if (json[probe.Group] is not JsonObject group)
            {
                json[probe.Group] = group = [];
            }

            var entry = new JsonObject
            {
                ["status"] = Status(result.IsHealthy),
                ["latency_ms"] = Math.Round(result.Latency.TotalMilliseconds, 1),
            };
            if (result.Reason is { } reason)
            {
                entry["reason"] = reason;
            }

            group[probe.Name] = entry;
        }

        json["version"] = version;
        return json;
    }

    private static string Status(bool healthy) => healthy ? "ok" : "unhealthy";
}
