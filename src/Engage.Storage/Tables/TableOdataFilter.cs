using System.Globalization;

namespace Engage.Storage.Tables;

/// <summary>
/// Builds OData <c>$filter</c> expressions from interpolated strings, rendering every
/// interpolated value as a typed, escaped literal (strings quoted with <c>'</c> doubled), so
/// no caller ever concatenates raw input into a filter:
/// <c>TableOdataFilter.Create($"PartitionKey eq {domain} and Count gt {n}")</c>.
/// </summary>
public static class TableOdataFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var literals = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>A filter matching every string key that starts with <paramref name="prefix"/>.</summary>
    public static string StartsWith(string property, string prefix)
    {
        ValidatePropertyName(property);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return $"{property} ge ''";
        }

        // Keys sort ordinally, so the prefix range ends just before the prefix with its last
        // character incremented.
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return $"{property} ge {Literal(prefix)} and {property} lt {Literal(upper)}";
    }

    /// <summary>Renders one value as an OData literal of its type.</summary>
    public static string Literal(object? value) => value switch
    {
        null => throw new ArgumentException("OData table filters cannot compare with null.", nameof(value)),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => DoubleLiteral(d),
        DateTimeOffset dto => $"datetime'{EdmValue.FormatDateTime(dto)}'",
        DateTime dt => Literal(EdmValue.ToDateTimeOffset(dt)),
        Guid g => $"guid'{g:D}'",
        byte[] bytes => $"X'{Convert.ToHexStringLower(bytes)}'",
        Enum e => Literal(e.ToString()),
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be used in an OData table filter.", nameof(value)),
    };

    /// <summary>A double keeps a decimal point so the service does not compare it as Int32.</summary>
    private static string DoubleLiteral(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static void ValidatePropertyName(string property)
    {
        if (string.IsNullOrEmpty(property) || !property.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(property[0]))
        {
            throw new ArgumentException($"'{property}' is not a table property name.", nameof(property));
        }
    }
}
