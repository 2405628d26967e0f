namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// Where a page of events ended: the last event's id, <c>{time ticks, 19 digits}|{record id}|{version, 8 digits}</c>
/// (<see cref="Records.RecordEvent"/>). It is only compared with event row keys, never put in a filter, but a
/// token of another shape is refused so a caller learns it is wrong.
/// </summary>
public static class EventPosition
{
    private const int MaxLength = 200;

    public static bool IsValid(string token)
    {
        var parts = token.Split('|');
        return token.Length <= MaxLength
            && parts is [var ticks, { Length: > 0 } recordId, var version]
            && ticks.Length == 19 && ticks.All(char.IsAsciiDigit)
            && version.Length == 8 && version.All(char.IsAsciiDigit)
            && recordId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }
}
