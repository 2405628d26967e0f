using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>
/// Invocation bodies as the Functions host sends them to a custom handler (reference: custom handlers, request
/// payload). <c>stringified</c> reproduces the host's serialization quirk: scalar values it does not know are
/// sent as JSON text, so a string arrives quoted twice and a number as a string.
/// </summary>
public static class HostPayloads
{
    public static StringContent Timer(string functionName, bool isPastDue, DateTime? next, bool stringified = false)
    {
        // TimerInfo as the host serializes it; ScheduleStatus times are the host's local time (UTC on Linux), without an offset.
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = next is { } at
                ? new JsonObject
                {
                    ["Last"] = Local(at.AddMinutes(-5)),
                    ["Next"] = Local(at),
                    ["LastUpdated"] = Local(at.AddMinutes(-5)),
                }
                : null,
            ["IsPastDue"] = stringified ? JsonValue.Create(isPastDue ? "true" : "false") : JsonValue.Create(isPastDue),
        };
        var data = new JsonObject { ["timer"] = stringified ? JsonValue.Create(timer.ToJsonString()) : (JsonNode)timer };
        return Body(data, Metadata(functionName));
    }

    public static StringContent Queue(string functionName, string message, long dequeueCount, string messageId, bool stringified = false)
    {
        var metadata = Metadata(functionName);
        metadata["DequeueCount"] = stringified ? JsonValue.Create(dequeueCount.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(dequeueCount);
        metadata["Id"] = stringified ? JsonValue.Create(Quoted(messageId)) : JsonValue.Create(messageId);
        metadata["PopReceipt"] = Quoted("AgAAAAMAAAAAAAAA");
        metadata["InsertionTime"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var data = new JsonObject { ["message"] = stringified ? Quoted(message) : message };
        return Body(data, metadata);
    }

    private static JsonObject Metadata(string functionName) => new()
    {
        ["sys"] = new JsonObject
        {
            ["MethodName"] = functionName,
            ["UtcNow"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        },
    };

    private static StringContent Body(JsonObject data, JsonObject metadata) =>
        new(new JsonObject { ["Data"] = data, ["Metadata"] = metadata }.ToJsonString(), Encoding.UTF8, "application/json");

    private static string Quoted(string value) => JsonValue.Create(value).ToJsonString();

    private static string Local(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
}
