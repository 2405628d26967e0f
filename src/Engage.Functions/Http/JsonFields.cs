using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Http;

/// <summary>
/// Typed reads of the fields of a JSON object (a request body, or an object inside one), collecting one message per
/// bad field so that a 400 names every one, keyed by the field's path (<c>params.until</c>). A field that is absent
/// or null reads as null; <see cref="Has"/> tells an absent field from one set to null, which a merge patch uses to
/// clear it. Texts are trimmed, and an empty text reads as null.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonObject _json;
    private readonly string _path;
    private readonly Dictionary<string, string[]> _errors;

    public JsonFields(JsonObject json)
        : this(json, string.Empty, new Dictionary<string, string[]>(StringComparer.Ordinal))
    {
    }

    private JsonFields(JsonObject json, string path, Dictionary<string, string[]> errors)
    {
        _json = json;
        _path = path;
        _errors = errors;
    }

    /// <summary>The request's body as fields, or the problem to answer (<see cref="JsonBody.ReadObjectAsync"/>).</summary>
    /// <param name="example">A valid body, quoted in the problem's detail.</param>
    /// <param name="emptyIsObject">An empty body has no fields: for a command whose every field is optional.</param>
    public static async Task<(byte[] Bytes, JsonFields? Fields, IResult? Problem)> ReadAsync(
        HttpRequest request, int maxBytes, string example, bool emptyIsObject, CancellationToken cancellationToken)
    {
        var (bytes, json, problem) = await JsonBody.ReadObjectAsync(request, maxBytes, example, emptyIsObject, cancellationToken);
        return (bytes, json is null ? null : new JsonFields(json), problem);
    }

    /// <summary>No field read so far was refused, here or in an object read from here.</summary>
    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public bool Has(string name) => _json.ContainsKey(name);

    /// <summary>The field is present and null: in a merge patch, "clear it".</summary>
    public bool IsNull(string name) => _json.TryGetPropertyValue(name, out var value) && value is null;

    /// <summary>The field as it is, for values of any JSON type.</summary>
    public JsonNode? Value(string name) => _json[name];

    /// <param name="multiline">Line breaks and tabs are allowed (a description), not only in a one-line text (a title).</param>
    public string? Text(string name, int maxLength, bool required = false, bool multiline = false)
    {
        if (!TryGetString(name, required, "a string", out var raw))
        {
            return null;
        }

        var text = raw.Trim();
        if (text.Length == 0)
        {
            return RequiredMissing(name, required);
        }

        if (text.Length > maxLength)
        {
            return Refused<string>(name, $"must be at most {maxLength} characters, not {text.Length}.");
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return Refused<string>(name, multiline ? "must not hold control characters other than line breaks and tabs." : "must be one line without control characters.");
            }
        }

        return text;
    }

    public string? OneOf(string name, IReadOnlyList<string> allowed, bool required = false)
    {
        if (!TryGetString(name, required, $"one of {string.Join(", ", allowed)}", out var text))
        {
            return null;
        }

        return allowed.Contains(text, StringComparer.Ordinal) ? text : Refused<string>(name, $"must be one of {string.Join(", ", allowed)}.");
    }

    /// <summary>An ISO 8601 date and time with its offset (<see cref="IsoTime"/>), in UTC.</summary>
    public DateTimeOffset? Time(string name, bool required = false)
    {
        if (!TryGetString(name, required, IsoTime.Expected, out var text))
        {
            return null;
        }

        return IsoTime.TryParse(text, out var time, out var error) ? time : Refused<DateTimeOffset?>(name, error);
    }

    public bool? Flag(string name)
    {
        if (!TryGet(name, false, "true or false", out var value))
        {
            return null;
        }

        return value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : Refused<bool?>(name, "must be true or false.");
    }

    public int? WholeNumber(string name, int min, int max, bool required = false)
    {
        if (!TryGet(name, required, $"a whole number from {min} to {max}", out var value))
        {
            return null;
        }

        return value is JsonValue number && number.TryGetValue<int>(out var whole) && whole >= min && whole <= max
            ? whole
            : Refused<int?>(name, $"must be a whole number from {min} to {max}.");
    }

    /// <summary>A nested object, whose refusals are reported under this field's path.</summary>
    public JsonFields? Object(string name, bool required = false)
    {
        if (!TryGet(name, required, "a JSON object", out var value))
        {
            return null;
        }

        return value is JsonObject nested
            ? new JsonFields(nested, PathOf(name) + ".", _errors)
            : Refused<JsonFields>(name, "must be a JSON object.");
    }

    /// <summary>
    /// The objects of an array of <paramref name="minCount"/> to <paramref name="maxCount"/> objects, each read as
    /// <see cref="Object"/> reads one, under <c>name[index]</c>; null when the field is absent or not such an array.
    /// </summary>
    public IReadOnlyList<JsonFields>? Objects(string name, int minCount, int maxCount, bool required = false)
    {
        var expected = $"an array of {minCount} to {maxCount} objects";
        if (!TryGet(name, required, expected, out var value))
        {
            return null;
        }

        if (value is not JsonArray array || array.Count < minCount || array.Count > maxCount)
        {
            return Refused<IReadOnlyList<JsonFields>>(name, $"must be {expected}.");
        }

        var items = new List<JsonFields>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                items.Add(new JsonFields(item, $"{PathOf(name)}[{i}].", _errors));
            }
            else
            {
                Refuse($"{name}[{i}]", "must be a JSON object.");
            }
        }

        return items;
    }

    /// <summary>A nested object as <see cref="Object"/> reads it, or an empty one when the field is absent or null.</summary>
    public JsonFields? ObjectOrEmpty(string name) =>
        _json[name] is null ? new JsonFields([], PathOf(name) + ".", _errors) : Object(name);

    /// <summary>Refuses every field not named in <paramref name="known"/>: a misspelt field would otherwise be silently ignored.</summary>
    public void OnlyKnown(params string[] known)
    {
        foreach (var (name, _) in _json)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Refuse(name, $"is not a field here; the fields are {string.Join(", ", known)}.");
            }
        }
    }

    public void Refuse(string name, string message) => _errors.TryAdd(PathOf(name), [$"{PathOf(name)} {message}"]);

    /// <summary>The 400 naming every refused field.</summary>
    public ValidationProblem Problem(string detail) => Problems.Validation(detail, _errors);

    private bool TryGetString(string name, bool required, string expected, out string text)
    {
        text = string.Empty;
        if (!TryGet(name, required, expected, out var value))
        {
            return false;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            Refuse(name, $"must be {expected}.");
            return false;
        }

        text = value.GetValue<string>();
        return true;
    }

    private bool TryGet(string name, bool required, string expected, out JsonNode value)
    {
        value = null!;
        if (_json[name] is not { } found)
        {
            if (required)
            {
                Refuse(name, $"is required: {expected}.");
            }

            return false;
        }

        value = found;
        return true;
    }

    private string? RequiredMissing(string name, bool required)
    {
        if (required)
        {
            Refuse(name, "must not be empty.");
        }

        return null;
    }

    private T? Refused<T>(string name, string message)
    {
        Refuse(name, message);
        return default;
    }

    private string PathOf(string name) => _path + name;
}
