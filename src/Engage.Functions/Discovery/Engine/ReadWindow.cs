using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Discovery.State;

namespace Engage.Functions.Discovery.Engine;

/// <summary>
/// Which ids of a crew are indexed: all up to <see cref="Cursor"/> but the <see cref="PendingIds"/>. A run
/// reads from <see cref="Floor"/>, the lowest pending id or the cursor, so a row that commits late under an
/// id below one already read is still found while its id is pending.
/// </summary>
public sealed class ReadWindow
{
    private ReadWindow(long cursor, PendingIds pending, bool rebuildsIndex = false)
    {
        Cursor = cursor;
        Pending = pending;
        RebuildsIndex = rebuildsIndex;
    }

    public long Cursor { get; private set; }

    public PendingIds Pending { get; }

    /// <summary>The crew was indexed under another layout or from another table, so this run clears the crew from its current layout's tables and fills them from the beginning.</summary>
    public bool RebuildsIndex { get; }

    public long Floor => Pending.IsEmpty ? Cursor : Math.Min(Cursor, Pending.Lowest - 1);

    /// <summary>
    /// The crew's window. A crew indexed under another layout, or now pointed at another table, is indexed again
    /// from the beginning into cleared rows: the other table's ids say nothing about the rows indexed from the
    /// first, and the index keeps a row's highest last message id.
    /// </summary>
    public static ReadWindow From(CrewStateEntity state, CrewDefinition crew, DateTimeOffset now, TimeSpan overlap)
    {
        var otherLayout = state.Cursor > 0 && !IndexShards.IsLayout(state.IndexLayout, crew.Shards);
        if (otherLayout || state.Table != crew.Table.Name)
        {
            return new ReadWindow(0, PendingIds.Parse(null, now), rebuildsIndex: true);
        }

        return new ReadWindow(state.Cursor, PendingIds.Parse(overlap > TimeSpan.Zero ? state.PendingIds : null, now));
    }

    /// <summary>Sorts a row read from <see cref="Floor"/> up: new, late (pending), or indexed already.</summary>
    public void Note(ScanResult scan, SourceRow row)
    {
        scan.RowsRead++;
        if (row.Id > Cursor)
        {
            if (row.Id > scan.NextExpected)
            {
                scan.Gaps.Add((scan.NextExpected, row.Id - 1));
            }

            scan.NextExpected = row.Id + 1;
            scan.Track(row, isNew: true);
        }
        else if (Pending.Contains(row.Id))
        {
            scan.Late.Add(row);
            scan.Track(row, isNew: false);
        }
    }

    /// <summary>
    /// Moves the cursor up to the first new row whose session is not indexed yet (all of them when the run
    /// finished), clears the late ids that are indexed now and marks the gaps below the cursor pending.
    /// </summary>
    public void Advance(ScanResult scan, Func<string, bool> indexed, DateTimeOffset pendingUntil)
    {
        var firstNotIndexed = scan.FirstNewIds.Where(s => !indexed(s.Key)).Select(s => (long?)s.Value).Min();
        var cursor = Math.Max(Cursor, firstNotIndexed is { } id ? id - 1 : scan.NextExpected - 1);
        foreach (var row in scan.Late.Where(r => indexed(r.SessionId)))
        {
            Pending.Remove(row.Id);
        }

        foreach (var (from, to) in scan.Gaps)
        {
            Pending.Add(from, Math.Min(to, cursor), pendingUntil);
        }

        Cursor = cursor;
    }

    public void ApplyTo(CrewStateEntity state, CrewDefinition crew)
    {
        state.Table = crew.Table.Name;
        state.IndexLayout = IndexShards.Layout(crew.Shards);
        state.Cursor = Cursor;
        state.PendingIds = Pending.ToString();
    }
}
