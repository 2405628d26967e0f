using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Engage.Durable.Client;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Http;

/// <summary>One instance as Durable Functions' status API shows it (StatusResponsePayload): camelCase, values as JSON, times to the second.</summary>
internal sealed record StatusResponsePayload(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonNode? Input,
    JsonNode? CustomStatus,
    JsonNode? Output,
    string CreatedTime,
    string LastUpdatedTime)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FailureDetailsPayload? FailureDetails { get; init; }

    /// <summary>Left out unless asked for, as in Durable (not written as null).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? HistoryEvents { get; init; }

    public static StatusResponsePayload From(OrchestrationMetadata instance, bool showInput, JsonArray? historyEvents = null) =>
        new(
            instance.Name,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            showInput ? ManagementJson.Parse(instance.SerializedInput) : null,
            ManagementJson.Parse(instance.SerializedCustomStatus),
            OutputOf(instance),
            Format(instance.CreatedAt),
            Format(instance.LastUpdatedAt))
        {
            FailureDetails = FailureDetailsPayload.From(instance.FailureDetails),
            HistoryEvents = historyEvents,
        };

    /// <summary>A failed instance has no output of its own; Durable's Azure Storage provider shows the failure there as "{ErrorType}: {ErrorMessage}".</summary>
    private static JsonNode? OutputOf(OrchestrationMetadata instance) =>
        instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed, SerializedOutput: null, FailureDetails: { } failure }
            ? JsonValue.Create($"{failure.ErrorType}: {failure.ErrorMessage}")
            : ManagementJson.Parse(instance.SerializedOutput);

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
