using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.Durable.Http;

/// <summary>How the management API writes JSON, independent of the host app's JSON settings.</summary>
internal static class ManagementJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A stored value as a JSON value rather than a string of JSON. Text that is not JSON is kept as a
    /// string, as Durable does, so an odd value never turns a status query into an error.
    /// </summary>
    public static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }
}
