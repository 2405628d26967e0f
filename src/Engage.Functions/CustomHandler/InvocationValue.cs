using System.Globalization;
using System.Text.Json;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// Reads values of an invocation's <c>Data</c> and <c>Metadata</c> the way the host may send them: raw, or
/// JSON-stringified once (the host serializes strings and numbers it does not know as JSON text, so
/// <c>"1"</c> and <c>"\"text\""</c> arrive for <c>1</c> and <c>"text"</c>), with member names in any case.
/// </summary>
public static class InvocationValue
{
    public static bool TryGetMember(JsonElement container, string name, out JsonElement value)
    {
        if (container.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in container.EnumerateObject())
            {
                if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = member.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Text as sent: a string unquoted once if it is a JSON string literal, anything else as its JSON text.</summary>
    public static string? ReadText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => UnquoteOnce(value.GetString()!),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    public static long? ReadInt64(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : ReadScalar(value) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number) ? number
        : null;

    public static bool? ReadBoolean(JsonElement value) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : ReadScalar(value) is { } text && bool.TryParse(text, out var flag) ? flag
        : null;

    /// <summary>A time; one without an offset is taken as UTC, as the host's clock is.</summary>
    public static DateTimeOffset? ReadTime(JsonElement value) =>
        ReadScalar(value) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>An object, sent as one or as its JSON text.</summary>
    public static JsonElement? ReadObject(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var parsed = TryParse(UnquoteOnce(value.GetString()!));
        return parsed is { ValueKind: JsonValueKind.Object } ? parsed : null;
    }

    private static string? ReadScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => UnquoteOnce(value.GetString()!).Trim(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static string UnquoteOnce(string text) =>
        text.TrimStart().StartsWith('"') && TryParse(text) is { ValueKind: JsonValueKind.String } inner ? inner.GetString()! : text;

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
