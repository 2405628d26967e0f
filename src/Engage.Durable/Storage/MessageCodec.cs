using System.Text.Json;

namespace Engage.Durable.Storage;

/// <summary>The JSON text of control and work-item messages.</summary>
internal static class MessageCodec
{
    public static string Encode(ControlMessage message) => JsonSerializer.Serialize(message, DataConverter.Options);

    public static string Encode(WorkItemMessage message) => JsonSerializer.Serialize(message, DataConverter.Options);

    public static ControlMessage DecodeControl(string text) =>
        JsonSerializer.Deserialize<ControlMessage>(text, DataConverter.Options) ?? throw new JsonException("Empty control message.");

    public static WorkItemMessage DecodeWorkItem(string text) =>
        JsonSerializer.Deserialize<WorkItemMessage>(text, DataConverter.Options) ?? throw new JsonException("Empty work-item message.");
}
