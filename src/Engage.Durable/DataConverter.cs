using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engage.Durable;

/// <summary>
/// How inputs, outputs, event payloads and custom status become JSON text: System.Text.Json
/// with web defaults (camelCase), the same converter everywhere so a value read back is the
/// value written.
/// </summary>
public static class DataConverter
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, Options);
}
