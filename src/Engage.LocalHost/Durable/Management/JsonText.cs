using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.LocalHost.Durable.Management;

/// <summary>Stored payloads shown as JSON values, and JSON request bodies read.</summary>
public static class JsonText
{
    /// <summary>
    /// A stored payload as a JSON value rather than a string of JSON. Blank text is an empty string and text that is
    /// not JSON stays a string, as in Durable Functions (a terminate reason, for one), so an odd value never turns a
    /// status query into an error.
    /// </summary>
    public static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        var text = serialized.Trim();
        if (text.Length == 0)
        {
            return JsonValue.Create(string.Empty);
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>The request body as one JSON value (<c>null</c> included), sent as <c>application/json</c>.</summary>
    /// <exception cref="BadManagementRequestException">The content type is not JSON, or the body is empty, not valid JSON or holds a string that is no text.</exception>
    public static async Task<JsonElement> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadManagementRequestException(
                $"The body must be sent as application/json, not '{request.ContentType ?? "(no content type)"}'.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            throw new BadManagementRequestException("The body is empty; send the event data as JSON (null is allowed).");
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BadManagementRequestException($"The body is not valid JSON: {e.Message}");
        }

        try
        {
            ReadStrings(body);
        }
        catch (InvalidOperationException)
        {
            throw new BadManagementRequestException("The body holds a string that is not valid text: invalid UTF-8, or an unpaired surrogate escape such as \\ud800.");
        }

        return body;
    }

    /// <summary>
    /// Parsing checks the structure only; reading every string and name is what finds bytes that are no text, which
    /// would otherwise be raised as the event's data or fail its serialization.
    /// </summary>
    /// <exception cref="InvalidOperationException">A string or name is not valid UTF-8 or UTF-16.</exception>
    private static void ReadStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadStrings(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadStrings(property.Value);
                }

                break;
        }
    }
}
