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

    public static string For(DateTimeOffset lastActivityAt, long lastMessageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - lastActivityAt.UtcTicks:D19}|{long.MaxValue - lastMessageId:D19}");

    public static bool IsActivityKey(string rowKey) => rowKey.StartsWith(Prefix, StringComparison.Ordinal);
}
