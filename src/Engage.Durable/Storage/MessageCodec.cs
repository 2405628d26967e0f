using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// Decodes with <paramref name="decode"/>; text that is not a hub message goes to
    /// <paramref name="undecodable"/> instead of throwing, since its sender cannot be told and retrying cannot fix it.
    /// </summary>
    public static bool TryDecode<T>(string text, Func<string, T> decode, Action<JsonException> undecodable, [MaybeNullWhen(false)] out T message)
    {
        try
        {
            message = decode(text);
            return true;
        }
        catch (JsonException e)
        {
            undecodable(e);
            message = default;
            return false;
        }
    }
}
