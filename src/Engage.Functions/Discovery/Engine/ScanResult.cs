using Engage.Functions.Discovery.Sources;

namespace Engage.Functions.Discovery.Engine;

/// <summary>What one run's read of a crew's new rows found.</summary>
public sealed class ScanResult(long cursor)
{
    /// <summary>Affected sessions with the lowest id read of each: the order they are processed in.</summary>
    public Dictionary<string, long> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>The lowest id above the cursor of each session: the cursor may not pass it before the session is indexed.</summary>
    public Dictionary<string, long> FirstNewIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows of pending ids: committed late, now visible.</summary>
    public List<SourceRow> Late { get; } = [];

    /// <summary>Ids missing between the new rows read.</summary>
    public List<(long From, long To)> Gaps { get; } = [];

    /// <summary>The id after the highest new one read.</summary>
    public long NextExpected { get; set; } = cursor + 1;

    public int RowsRead { get; set; }

    /// <summary>The read stopped early (row cap or time) with more rows to come.</summary>
    public bool Truncated { get; set; }

    public void Track(SourceRow row, bool isNew)
    {
        if (!Sessions.TryGetValue(row.SessionId, out var first) || row.Id < first)
        {
            Sessions[row.SessionId] = row.Id;
        }

        if (isNew && !FirstNewIds.ContainsKey(row.SessionId))
        {
            // Rows arrive in id order, so the first new one seen is the lowest.
            FirstNewIds[row.SessionId] = row.Id;
        }
    }
}
