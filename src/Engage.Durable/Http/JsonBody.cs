using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

internal static class JsonBody
{
    /// <summary>The request body as one JSON value, or null when the body is empty.</summary>
    public static async Task<JsonElement?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BadManagementRequestException($"The body is not valid JSON: {e.Message}");
        }
    }
}
