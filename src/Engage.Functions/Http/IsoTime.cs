using System.Globalization;

namespace Engage.Functions.Http;

/// <summary>
/// Times as the API takes them: ISO 8601 with their offset (<c>2026-05-01T09:00:00Z</c>, <c>...+02:00</c>), never a
/// local time whose meaning depends on the server, within a range far beyond any due date or snooze that Table
/// Storage can hold.
/// </summary>
public static class IsoTime
{
    public const string Expected = "an ISO 8601 date and time with its offset, such as 2026-05-01T09:00:00Z";

    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>The time in UTC; false with what is wrong, to follow the input's name in a message.</summary>
    public static bool TryParse(string text, out DateTimeOffset time, out string error)
    {
        var withOffset = text.EndsWith('Z') ? text[..^1] + "+00:00" : text;
        if (!DateTimeOffset.TryParseExact(withOffset, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            error = $"must be {Expected}.";
            return false;
        }

        time = time.ToUniversalTime();
        error = time >= Earliest && time < Latest ? string.Empty : $"must be from {Earliest:yyyy-MM-dd} to before {Latest:yyyy-MM-dd}.";
        return error.Length == 0;
    }
}
