using System.Globalization;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// The RowKey of a conversation's row in the newest-first index: '~' (after every session key) then the
/// last activity time and the last message id, both inverted, so an ascending range read is newest first.
/// Message ids are unique within a crew, so the key is too.
/// </summary>
public static class ActivityKey
{
    public const string Prefix = "~";

    private const int TicksDigits = 19;

    public static string For(DateTimeOffset lastActivityAt, long lastMessageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Horizon(lastActivityAt)}|{long.MaxValue - lastMessageId:D19}");

    /// <summary>
    /// Sorts after the key of every conversation active at <paramref name="time"/> or later and before every
    /// older one, so a range read can stop at a point in time.
    /// </summary>
    public static string Horizon(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks:D19}");

    public static bool IsActivityKey(string rowKey) => rowKey.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The activity time a key was made from; false for anything <see cref="For"/> could not have made.</summary>
    public static bool TryReadTime(string key, out DateTimeOffset time)
    {
        time = default;
        if (key.Length != 2 + (2 * TicksDigits) || !IsActivityKey(key) || key[1 + TicksDigits] != '|'
            || !long.TryParse(key.AsSpan(1, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
            || !long.TryParse(key.AsSpan(2 + TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || inverted > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - inverted, TimeSpan.Zero);
        return true;
    }
}
