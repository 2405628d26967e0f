using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// Reads a crew's activity rows newest first over the shard tables, one window of activity time at a time:
/// a round reads each shard's next rows inside the window and stops once they fill the page; otherwise the
/// next round reads a window <see cref="Widening"/> times wider, and the last round is open-ended. Azurite
/// sorts every row a range matches before it takes the top, so a bounded range keeps a page's cost to the
/// page there; on Azure a bounded read costs what an open one does. The width that filled a crew's page is
/// remembered, so its next page starts there.
/// </summary>
public sealed class NewestFirstReader(TimeProvider timeProvider)
{
    private const int Widening = 24;
    private const int Rounds = 4;
    private const int TooWideFactor = 4;

    private static readonly TimeSpan FirstWidth = TimeSpan.FromHours(1);
    private static readonly TimeSpan NarrowestWidth = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, TimeSpan> _widths = new(StringComparer.Ordinal);

    public async Task<CrewRows> ReadAsync(IReadOnlyList<TableClient> shards, string crewKey, string after, int limit, CancellationToken cancellationToken)
    {
        var anchor = ActivityKey.TryReadTime(after, out var afterTime) ? afterTime : timeProvider.GetUtcNow();
        var width = _widths.GetValueOrDefault(crewKey, FirstWidth);
        var rows = new List<ConversationEntity>();
        var from = after;
        var truncated = false;
        for (var round = 1; ; round++)
        {
            var until = round < Rounds ? HorizonBefore(anchor, width) : null;
            var reads = await Task.WhenAll(shards.Select(shard => ReadRangeAsync(shard, crewKey, from, until, limit, cancellationToken)));
            foreach (var read in reads)
            {
                rows.AddRange(read);
                truncated |= read.Count == limit;
            }

            if (rows.Count >= limit || until is null)
            {
                Remember(crewKey, width, round, rows.Count, limit);
                rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
                return new CrewRows(crewKey, after, rows, truncated || until is not null);
            }

            from = until;
            width *= Widening;
        }
    }

    /// <summary>The horizon <paramref name="width"/> before <paramref name="anchor"/>; none (open-ended) past the start of time.</summary>
    private static string? HorizonBefore(DateTimeOffset anchor, TimeSpan width) =>
        anchor.UtcTicks - DateTimeOffset.MinValue.UtcTicks > width.Ticks ? ActivityKey.Horizon(anchor - width) : null;

    private static async Task<List<ConversationEntity>> ReadRangeAsync(TableClient shard, string crewKey, string from, string? until, int limit, CancellationToken cancellationToken)
    {
        // Azurite evaluates a filter on every row of the table, left to right; the RowKey bound first turns the
        // primary rows (session keys sort before '~') away at the first comparison.
        var filter = until is null
            ? TableClient.CreateQueryFilter($"RowKey gt {from} and PartitionKey eq {crewKey}")
            : TableClient.CreateQueryFilter($"RowKey gt {from} and RowKey lt {until} and PartitionKey eq {crewKey}");
        var rows = new List<ConversationEntity>(limit);
        await foreach (var row in shard.QueryAsync<ConversationEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == limit)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Keeps the width that filled the page; a first window that held several pages was too wide.</summary>
    private void Remember(string crewKey, TimeSpan width, int round, int found, int limit)
    {
        if (round > 1)
        {
            _widths[crewKey] = width;
        }
        else if (found >= TooWideFactor * limit && width / Widening >= NarrowestWidth)
        {
            _widths[crewKey] = width / Widening;
        }
    }
}
