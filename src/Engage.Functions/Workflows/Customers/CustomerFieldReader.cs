using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Accounts;

namespace Engage.Functions.Workflows.Customers;

/// <summary>Checks JSON values of customer fields, collecting one message per wrong field (keyed by its path).</summary>
public sealed class CustomerFieldReader
{
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public void Fail(string path, string message) => Errors[path] = [message];

    /// <summary>A string of at most <paramref name="maxLength"/> characters, trimmed; empty or null is no value, which a required field refuses.</summary>
    public bool TryText(string path, JsonNode? node, int maxLength, bool required, out string? value)
    {
        value = null;
        if (node is not null && !TryString(node, out value))
        {
            Fail(path, $"{path} must be a string{(required ? string.Empty : " or null")}.");
            return false;
        }

        value = value?.Trim() is { Length: > 0 } text ? text : null;
        if (value is null && required)
        {
            Fail(path, $"{path} is required and cannot be empty.");
            return false;
        }

        if (value is { Length: var length } && length > maxLength)
        {
            Fail(path, $"{path} is {length} characters long; at most {maxLength} are allowed.");
            return false;
        }

        if (value is not null && value.Any(char.IsControl))
        {
            Fail(path, $"{path} must not contain control characters (such as line breaks).");
            return false;
        }

        return true;
    }

    /// <summary>A user id (owner): as <see cref="TryText"/>, in lower case, since user ids are compared without case.</summary>
    public bool TryUserId(string path, JsonNode? node, out string? value)
    {
        var ok = TryText(path, node, CustomerFields.UserIdLength, required: false, out value);
        value = value?.ToLowerInvariant();
        return ok;
    }

    /// <summary>A domain or website address, normalised (<see cref="CustomerDomain"/>); required.</summary>
    public bool TryDomain(string path, JsonNode? node, out string value)
    {
        value = string.Empty;
        if (node is null || !TryString(node, out var text))
        {
            Fail(path, $"{path} is required and must be a string, e.g. \"acmecorp.com\".");
            return false;
        }

        if (!CustomerDomain.TryNormalize(text, out value, out var error))
        {
            Fail(path, error);
            return false;
        }

        return true;
    }

    public bool TryNumber(string path, JsonNode? node, double min, double max, out double? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (!TryDouble(node, out var number) || number < min || number > max)
        {
            Fail(path, $"{path} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, or null.");
            return false;
        }

        value = number;
        return true;
    }

    public bool TryWholeNumber(string path, JsonNode? node, int min, int max, out int? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (!TryDouble(node, out var number) || number != Math.Floor(number) || number < min || number > max)
        {
            Fail(path, $"{path} must be a whole number from {min} to {max}, or null.");
            return false;
        }

        value = (int)number;
        return true;
    }

    /// <summary>A day, <c>yyyy-MM-dd</c>, stored as its midnight UTC.</summary>
    public bool TryDate(string path, JsonNode? node, out DateTimeOffset? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (!TryString(node, out var text) || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(path, $"{path} must be a date as yyyy-MM-dd (e.g. \"2026-09-30\"), or null.");
            return false;
        }

        value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return true;
    }

    private static bool TryString(JsonNode node, out string? text)
    {
        text = null;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out text);
    }

    /// <summary>Any JSON number, whatever .NET type holds it (parsed text, or an int or decimal a caller put in the node).</summary>
    private static bool TryDouble(JsonNode node, out double number)
    {
        number = 0;
        return node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number);
    }
}
