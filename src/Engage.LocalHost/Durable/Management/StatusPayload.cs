using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// One instance as Durable Functions' status API shows it: camelCase fields in its order, stored payloads as JSON
/// values, times in UTC to the second, and <c>historyEvents</c> only when asked for (left out, not null, otherwise).
/// </summary>
public static class StatusPayload
{
    public static JsonObject From(OrchestrationMetadata instance, bool showInput, JsonArray? historyEvents = null)
    {
        var payload = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.RuntimeStatus.ToString(),
            ["input"] = showInput ? JsonText.Parse(instance.SerializedInput) : null,
            ["customStatus"] = JsonText.Parse(instance.SerializedCustomStatus),
            ["output"] = JsonText.Parse(instance.SerializedOutput),
            ["createdTime"] = Format(instance.CreatedAt),
            ["lastUpdatedTime"] = Format(instance.LastUpdatedAt),
        };
        if (historyEvents is not null)
        {
            payload["historyEvents"] = historyEvents;
        }

        return payload;
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
