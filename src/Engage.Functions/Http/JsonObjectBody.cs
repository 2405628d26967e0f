using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Http;

/// <summary>
/// A request body that must be a JSON object, read field by field: each read checks the field's JSON type and range
/// and notes what is wrong under the field's name, so one answer lists every mistake (a 400 with <c>errors</c>).
/// Reading never throws on what a caller sends, strings that are no text included.
/// </summary>
public sealed class JsonObjectBody
{
    /// <summary>A property named twice would make the parsed object throw when first read; parsing refuses it instead.</summary>
    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false };

    private readonly JsonObject _json;
    private readonly string _prefix;
    private readonly Dictionary<string, string[]> _errors;

    private JsonObjectBody(JsonObject json, string prefix, Dictionary<string, string[]> errors)
    {
        _json = json;
        _prefix = prefix;
        _errors = errors;
    }

    /// <summary>What is wrong, per field (<c>steps[1].sla</c>); empty when every read succeeded.</summary>
    public IDictionary<string, string[]> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    /// <summary>The 400 listing every error, after <paramref name="detail"/>.</summary>
    public ValidationProblem Invalid(string detail) => Problems.Validation(detail, _errors);

    /// <summary>
    /// Reads the request's body up to <paramref name="maxBytes"/> and parses it; the problem to answer (413, 400) when
    /// it is too large or not a JSON object. The bytes are what an Idempotency-Key's fingerprint is taken of.
    /// </summary>
    public static async Task<(byte[] Bytes, JsonObjectBody? Body, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, int maxBytes, bool emptyIsObject, CancellationToken cancellationToken)
    {
        var bytes = await RequestBody.ReadAtMostAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return ([], null, TypedResults.Problem(
                detail: $"The request body is larger than {maxBytes / 1024} KiB, more than this request ever needs.",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large."));
        }

        return TryParse(bytes, emptyIsObject, out var body, out var error) ? (bytes, body, null) : (bytes, null, Problems.Validation(error));
    }

    /// <summary>Parses <paramref name="body"/>; an empty body is an empty object when <paramref name="emptyIsObject"/>.</summary>
    /// <param name="error">Why the body is not a JSON object, for a 400's detail.</param>
    public static bool TryParse(ReadOnlySpan<byte> body, bool emptyIsObject, out JsonObjectBody parsed, out string error)
    {
        parsed = null!;
        error = string.Empty;
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            if (emptyIsObject)
            {
                parsed = new JsonObjectBody([], string.Empty, []);
                return true;
            }

            error = "The request body is empty; send a JSON object.";
            return false;
        }

        try
        {
            if (JsonNode.Parse(body, documentOptions: NoDuplicates) is JsonObject json)
            {
                parsed = new JsonObjectBody(json, string.Empty, []);
                return true;
            }

            error = "The request body must be a JSON object.";
            return false;
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
    }

    public bool Has(string name) => _json.TryGetPropertyValue(name, out var value) && value is not null;

    /// <summary>A string of 1 to <paramref name="maxLength"/> characters after trimming; null when absent (an error if <paramref name="required"/>).</summary>
    public string? Text(string name, int maxLength, bool required = false)
    {
        if (!Present(name, required, out var node))
        {
            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return Fail<string>(name, "must be a string.");
        }

        string text;
        try
        {
            text = value.GetValue<string>().Trim();
        }
        catch (InvalidOperationException)
        {
            // Parsing checks the structure only; reading the string is what finds an unpaired surrogate escape.
            return Fail<string>(name, "is not valid text (it holds an unpaired surrogate escape such as \\ud800).");
        }

        return text.Length == 0 ? Fail<string>(name, "must not be blank.")
            : text.Length > maxLength ? Fail<string>(name, $"must be at most {maxLength} characters.")
            : text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? Fail<string>(name, "must not hold control characters other than line breaks and tabs.")
            : text;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; null when absent.</summary>
    public int? WholeNumber(string name, int min, int max, bool required = false)
    {
        if (!Present(name, required, out var node))
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) && number >= min && number <= max
            ? number
            : Fail<int?>(name, $"must be a whole number from {min} to {max}.");
    }

    public bool? Boolean(string name)
    {
        if (!Present(name, false, out var node))
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : Fail<bool?>(name, "must be true or false.");
    }

    /// <summary>An ISO 8601 time with an offset (<c>2026-03-02T09:00:00Z</c>); null when absent.</summary>
    public DateTimeOffset? Time(string name, bool required = false)
    {
        var text = Text(name, 64, required);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && HasOffset(text)
            ? time.ToUniversalTime()
            : Fail<DateTimeOffset?>(name, "must be an ISO 8601 time with its offset, such as 2026-03-02T09:00:00Z.");
    }

    /// <summary>A nested object, read with the same error list under <c>{name}.</c>; null when absent.</summary>
    public JsonObjectBody? Object(string name, bool required = false)
    {
        if (!Present(name, required, out var node))
        {
            return null;
        }

        return node is JsonObject json ? new JsonObjectBody(json, $"{_prefix}{name}.", _errors) : Fail<JsonObjectBody>(name, "must be a JSON object.");
    }

    /// <summary>The objects of an array of <paramref name="minCount"/> to <paramref name="maxCount"/> objects; null when absent or wrong.</summary>
    public IReadOnlyList<JsonObjectBody>? Objects(string name, int minCount, int maxCount, bool required = false)
    {
        if (!Present(name, required, out var node))
        {
            return null;
        }

        if (node is not JsonArray array || array.Count < minCount || array.Count > maxCount)
        {
            return Fail<IReadOnlyList<JsonObjectBody>>(name, $"must be an array of {minCount} to {maxCount} objects.");
        }

        var items = new List<JsonObjectBody>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                items.Add(new JsonObjectBody(item, $"{_prefix}{name}[{i}].", _errors));
            }
            else
            {
                Fail<JsonObjectBody>($"{name}[{i}]", "must be a JSON object.");
            }
        }

        return items;
    }

    /// <summary>Notes an error found by the caller's own check of field <paramref name="name"/>.</summary>
    public void Reject(string name, string message) => Fail<object>(name, message);

    /// <summary>Fields this body does not know, each an error, so a misspelt field is not silently ignored.</summary>
    public void RejectOthers(params string[] known)
    {
        foreach (var (name, _) in _json)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Fail<object>(name, $"is not a field of this request; it takes {string.Join(", ", known)}.");
            }
        }
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private bool Present(string name, bool required, out JsonNode? node)
    {
        if (_json.TryGetPropertyValue(name, out node) && node is not null)
        {
            return true;
        }

        if (required)
        {
            Fail<object>(name, "is required.");
        }

        return false;
    }

    private T? Fail<T>(string name, string message)
    {
        var key = _prefix + name;
        _errors[key] = _errors.TryGetValue(key, out var earlier) ? [.. earlier, $"{key} {message}"] : [$"{key} {message}"];
        return default;
    }
}
