using System.Globalization;
using System.Text.Json.Nodes;

namespace Engage.Functions.Engagement.Runs;

/// <summary>A run as the legacy frontend reads it: exactly these snake_case fields, the summary as an object.</summary>
public static class EngagementRunJson
{
    public static JsonObject ToJson(EngagementRunEntity run) => new()
    {
        ["domain"] = run.PartitionKey,
        ["run_id"] = run.RowKey,
        ["status"] = run.Status,
        ["summary"] = run.Summary is null ? null : JsonNode.Parse(run.Summary),
        ["error"] = run.Error,
        ["created_at"] = Format(run.CreatedAt),
        ["updated_at"] = Format(run.UpdatedAt),
        ["progress"] = run.Progress,
    };

    /// <summary>ISO 8601 UTC with milliseconds, as JavaScript's <c>toISOString()</c> wrote them.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
