using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Http;

/// <summary>
/// Parses a request body as JSON and says in one sentence what is wrong with it: empty, not UTF-8, not JSON, a
/// property named twice, or a string that is no text (an unpaired surrogate escape such as <c>\ud800</c>, which
/// parsing accepts and reading the string would throw on) as a value or a property name. Past this check every
/// string in the tree reads safely.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    /// <summary>
    /// Reads the request's body up to <paramref name="maxBytes"/> (413 beyond) and parses it as a JSON object (400
    /// otherwise); the bytes are what an Idempotency-Key's fingerprint is taken of.
    /// </summary>
    /// <param name="example">A valid body, quoted in the problem's detail.</param>
    /// <param name="emptyIsObject">An empty body is an empty object: for a command whose every field is optional.</param>
    public static async Task<(byte[] Bytes, JsonObject? Json, ProblemHttpResult? Problem)> ReadObjectAsync(
        HttpRequest request, int maxBytes, string example, bool emptyIsObject, CancellationToken cancellationToken)
    {
        var bytes = await RequestBody.ReadAtMostAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return ([], null, Problems.TooLarge(maxBytes, $"send a JSON object such as {example}"));
        }

        if (emptyIsObject && IsEmpty(bytes))
        {
            return (bytes, [], null);
        }

        if (!TryParse(bytes, out var json, out var error))
        {
            return (bytes, null, Problems.Validation($"{error} Send a JSON object such as {example}."));
        }

        return json is JsonObject fields
            ? (bytes, fields, null)
            : (bytes, null, Problems.Validation($"The request body must be a JSON object such as {example}."));
    }

    public static bool TryParse(ReadOnlySpan<byte> body, out JsonNode? json, out string error)
    {
        json = null;
        if (IsEmpty(body))
        {
            error = "The request body is empty; send JSON.";
            return false;
        }

        if (!Utf8.IsValid(body))
        {
            error = "The request body is not valid UTF-8 text.";
            return false;
        }

        try
        {
            json = JsonNode.Parse(body, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            error = $"The request body is not valid JSON ({e.Message.Split('.')[0]}).";
            return false;
        }
        catch (InvalidOperationException)
        {
            // The duplicate-property check reads every property name, and one that is no text (\ud800) throws this.
            error = "The request body holds a property name that is not valid text (an unpaired surrogate escape such as \\ud800).";
            return false;
        }

        if (!IsText(json))
        {
            json = null;
            error = "The request body holds a string that is not valid text (an unpaired surrogate escape such as \\ud800).";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool IsEmpty(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;

    private static bool IsText(JsonNode? node)
    {
        try
        {
            return node switch
            {
                JsonObject members => members.All(member => IsText(member.Value)),
                JsonArray items => items.All(IsText),
                JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is not null,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
