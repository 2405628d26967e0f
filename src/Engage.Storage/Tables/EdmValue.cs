using System.Globalization;

namespace Engage.Storage.Tables;

/// <summary>
/// Conversions between the values the service returns and the CLR types callers ask for:
/// widening numbers, DateTime and DateTimeOffset, enums stored as their names.
/// </summary>
internal static class EdmValue
{
    public static bool TryConvert(object value, Type target, out object? result)
    {
        target = Nullable.GetUnderlyingType(target) ?? target;
        result = value;
        if (target.IsInstanceOfType(value))
        {
            return true;
        }

        result = (value, target) switch
        {
            (int i, var t) when t == typeof(long) => (long)i,
            (int i, var t) when t == typeof(double) => (double)i,
            (long l, var t) when t == typeof(int) && l is >= int.MinValue and <= int.MaxValue => (int)l,
            (long l, var t) when t == typeof(double) => (double)l,
            (DateTimeOffset d, var t) when t == typeof(DateTime) => d.UtcDateTime,
            (DateTime d, var t) when t == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            (string s, var t) when t.IsEnum && Enum.TryParse(t, s, ignoreCase: false, out var e) => e,
            (string s, var t) when t == typeof(Guid) && Guid.TryParse(s, out var g) => g,
            (BinaryData b, var t) when t == typeof(byte[]) => b.ToArray(),
            (byte[] b, var t) when t == typeof(BinaryData) => new BinaryData(b),
            _ => null,
        };
        return result is not null;
    }

    /// <summary>
    /// A DateTime of unspecified kind is taken as UTC, the kind the service stores and returns,
    /// rather than as local time.
    /// </summary>
    public static DateTimeOffset ToDateTimeOffset(DateTime value) =>
        new(DateTime.SpecifyKind(value, value.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : value.Kind));

    /// <summary>Edm.DateTime text in UTC with all seven fractional digits, so no tick is lost.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
