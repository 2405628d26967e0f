using System.Globalization;
using System.Text.Json;
using Azure;

namespace Engage.Storage.Tables;

/// <summary>
/// The Table service's JSON entity format. Types JSON cannot carry on its own (Int64,
/// DateTime, Guid, Binary, and Double so that 1.0 is not read back as Int32) are written with
/// an <c>@odata.type</c> annotation; reads use the annotation, then the JSON token kind.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static void WriteEntity(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    public static byte[] Serialize(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteEntity(writer, properties);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads one entity object into a <see cref="TableEntity"/>.</summary>
    public static TableEntity ReadEntity(JsonElement element)
    {
        var entity = new TableEntity();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name == "odata.etag")
            {
                entity.ETag = new ETag(property.Value.GetString()!);
            }
            else if (name.StartsWith("odata.", StringComparison.Ordinal) || name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }
            else if (name == nameof(ITableEntity.Timestamp))
            {
                entity.Timestamp = ReadDateTime(property.Value.GetString()!);
            }
            else
            {
                var edmType = element.TryGetProperty(name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
                entity[name] = ReadValue(property.Value, edmType);
            }
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                // The service treats a null as an absent property.
                break;
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                Annotate(writer, name, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                Annotate(writer, name, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset dto:
                WriteDateTime(writer, name, dto);
                break;
            case DateTime dt:
                WriteDateTime(writer, name, EdmValue.ToDateTimeOffset(dt));
                break;
            case Guid g:
                Annotate(writer, name, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                Annotate(writer, name, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            case BinaryData data:
                Annotate(writer, name, "Edm.Binary");
                writer.WriteBase64String(name, data.ToMemory().Span);
                break;
            case Enum e:
                writer.WriteString(name, e.ToString());
                break;
            default:
                throw new NotSupportedException(
                    $"Property '{name}' is a {value.GetType().Name}; table properties are string, bool, int, long, double, DateTimeOffset, DateTime, Guid, byte[], BinaryData or an enum.");
        }
    }

    private static void WriteDateTime(Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        Annotate(writer, name, "Edm.DateTime");
        writer.WriteString(name, EdmValue.FormatDateTime(value));
    }

    private static void Annotate(Utf8JsonWriter writer, string name, string edmType) =>
        writer.WriteString(name + TypeSuffix, edmType);

    private static object? ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.DateTime" => ReadDateTime(value.GetString()!),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.Int32" => value.GetInt32(),
        "Edm.Boolean" => value.GetBoolean(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var i) => i,
            JsonValueKind.Number => value.GetDouble(),
            _ => null,
        },
    };

    private static DateTimeOffset ReadDateTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
