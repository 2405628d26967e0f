using System.Text.Json.Nodes;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Context;

/// <summary>How a customer's field last changed, read from the customer's own events (their before and after states).</summary>
public static class FieldHistory
{
    public static double? HealthScore(JsonNode? customer) => Number(customer?["healthScore"]);

    public static double? Utilization(JsonNode? customer) => Number(customer?["usage"]?["utilization"]);

    /// <summary>
    /// The trend of the newest event in <paramref name="events"/> (oldest first) that changed <paramref name="field"/>;
    /// null when none did, or when that change came from or went to no value.
    /// </summary>
    public static string? LastChange(IReadOnlyList<RecordEvent> events, Func<JsonNode?, double?> field)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i] is not { Before: { } beforeJson, After: { } afterJson })
            {
                continue;
            }

            var (before, after) = (field(JsonNode.Parse(beforeJson)), field(JsonNode.Parse(afterJson)));
            if (before != after)
            {
                return Trend.Between(before, after);
            }
        }

        return null;
    }

    private static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
