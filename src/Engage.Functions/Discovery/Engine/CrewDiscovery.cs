using System.Collections.Concurrent;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Discovery.State;

namespace Engage.Functions.Discovery.Engine;

/// <summary>
/// Incremental discovery of one crew. Reads only rows above the crew's cursor, plus the ids still pending
/// below it (the overlap window for late commits); recomputes each affected session from the source with
/// grouped aggregate queries, 50 sessions per query; writes what changed. Recomputing whole sessions is what
/// makes re-runs idempotent: a row read twice is never counted twice.
/// </summary>
public sealed partial class CrewDiscovery(
    ConversationSources sources,
    ConversationIndex index,
    DiscoveryStateStore states,
    DiscoveryOptions options,
    TimeProvider timeProvider,
    ILogger<CrewDiscovery> logger)
{
    public const int SessionsPerQuery = 50;
    private const int RowsPerRead = 50_000;
    private const int MaxRowsPerRun = 2_000_000;
    private const int ParallelQueries = 4;

    public async Task<CrewRunResult> RunAsync(CrewDefinition crew, string trigger, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var startedAt = timeProvider.GetUtcNow();
        try
        {
            var state = await states.GetAsync(crew, cancellationToken);
            var progress = await DiscoverAsync(crew, state, startedAt, started, cancellationToken);
            var duration = timeProvider.GetElapsedTime(started);
            var failure = progress.Error is { } error ? CrewFailure.Describe(error, crew) : null;
            await states.UpdateAsync(
                crew,
                state,
                s =>
                {
                    progress.Window.ApplyTo(s, crew);
                    s.Behind = progress.Behind;
                    s.HasCreatedAt = progress.Schema.HasCreatedAt;
                    s.SessionIdIndexed = progress.Schema.SessionIdIndexed;
                    s.Conversations = (progress.Window.RebuildsIndex ? 0 : s.Conversations) + progress.Changes.Created;
                    RecordRun(s, startedAt, duration, trigger, progress, failure);
                },
                cancellationToken);
            if (failure is not null)
            {
                LogCrewFailed(progress.Error!, crew.Key, failure);
                return new CrewRunResult(false, progress.Sessions, progress.Changes, duration, failure);
            }

            LogCrewRun(crew.Key, progress.Sessions, progress.Changes.Created, progress.Changes.Updated, duration.TotalMilliseconds, progress.Behind);
            return new CrewRunResult(true, progress.Sessions, progress.Changes, duration, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var duration = timeProvider.GetElapsedTime(started);
            var reason = CrewFailure.Describe(e, crew);
            LogCrewFailed(e, crew.Key, reason);
            await RecordFailureAsync(crew, startedAt, duration, trigger, reason, cancellationToken);
            return new CrewRunResult(false, 0, default, duration, reason);
        }
    }

    /// <summary>Indexes one session now (the webhook), whatever the cursor says.</summary>
    public async Task<(bool Found, IndexChanges Changes)> IndexSessionAsync(CrewDefinition crew, string sessionId, CancellationToken cancellationToken)
    {
        var source = sources.For(crew);
        var schema = await source.DescribeAsync(cancellationToken);
        var summaries = await source.SummarizeAsync(schema, [sessionId], cancellationToken);
        if (summaries.Count == 0)
        {
            return (false, default);
        }

        var changes = await index.ApplyAsync(crew, summaries, newAbove: long.MaxValue, timeProvider.GetUtcNow(), cancellationToken);
        if (changes.Created > 0)
        {
            await states.UpdateAsync(crew, s => s.Conversations += changes.Created, cancellationToken);
        }

        return (true, changes);
    }

    private async Task<CrewProgress> DiscoverAsync(CrewDefinition crew, CrewStateEntity state, DateTimeOffset startedAt, long started, CancellationToken cancellationToken)
    {
        var source = sources.For(crew);

        // A budget overrun is a soft stop between batches; a query that hangs is cut off at twice the budget.
        using var hardStop = new CancellationTokenSource(options.CrewBudget * 2, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hardStop.Token);
        var schema = await source.DescribeAsync(linked.Token);
        var window = ReadWindow.From(state, crew, startedAt, options.OverlapWindow);
        if (window.RebuildsIndex)
        {
            // Rows the crew left in these tables under an earlier switch of layout would be stale.
            await index.ClearAsync(crew, linked.Token);
        }

        var scan = await ScanAsync(source, window, started, linked.Token);

        var done = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var changes = default(IndexChanges);
        var batches = scan.Sessions.OrderBy(s => s.Value).Select(s => s.Key).Chunk(SessionsPerQuery);
        Exception? error = null;
        try
        {
            await Parallel.ForEachAsync(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = ParallelQueries, CancellationToken = linked.Token },
                async (batch, ct) =>
                {
                    if (timeProvider.GetElapsedTime(started) >= options.CrewBudget)
                    {
                        return;
                    }

                    var summaries = await source.SummarizeAsync(schema, batch, ct);
                    var written = await index.ApplyAsync(crew, summaries, window.Cursor, startedAt, ct);
                    lock (done)
                    {
                        changes += written;
                    }

                    foreach (var session in batch)
                    {
                        done[session] = true;
                    }
                });
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Progress so far is kept below; the run still counts as failed.
            error = e;
        }

        window.Advance(scan, done.ContainsKey, startedAt + options.OverlapWindow);
        var behind = scan.Truncated || done.Count < scan.Sessions.Count;
        return new CrewProgress(schema, window, done.Count, changes, behind, error);
    }

    private async Task<ScanResult> ScanAsync(IConversationSource source, ReadWindow window, long started, CancellationToken cancellationToken)
    {
        var scan = new ScanResult(window.Cursor);
        var after = window.Floor;
        while (true)
        {
            var rows = await source.ReadRowsAsync(after, RowsPerRead, cancellationToken);
            foreach (var row in rows)
            {
                window.Note(scan, row);
            }

            if (rows.Count < RowsPerRead)
            {
                return scan;
            }

            after = rows[^1].Id;
            if (scan.RowsRead >= MaxRowsPerRun || timeProvider.GetElapsedTime(started) >= options.CrewBudget / 3)
            {
                // The rest is read by the next run; the sessions found so far still get their full budget share.
                scan.Truncated = true;
                return scan;
            }
        }
    }

    private async Task RecordFailureAsync(CrewDefinition crew, DateTimeOffset startedAt, TimeSpan duration, string trigger, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await states.UpdateAsync(crew, s => RecordRun(s, startedAt, duration, trigger, progress: null, reason), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogStateUnavailable(e, crew.Key);
        }
    }

    private static void RecordRun(CrewStateEntity state, DateTimeOffset startedAt, TimeSpan duration, string trigger, CrewProgress? progress, string? failure)
    {
        state.LastRunAt = startedAt;
        state.LastDurationMs = Math.Round(duration.TotalMilliseconds, 1);
        state.LastTrigger = trigger;
        state.SessionsScanned = progress?.Sessions ?? 0;
        state.Created = progress?.Changes.Created ?? 0;
        state.Updated = progress?.Changes.Updated ?? 0;
        state.RecordOutcome(startedAt, failure);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery of crew {Crew}: {Sessions} sessions recomputed, {Created} created, {Updated} updated in {DurationMs:0} ms; behind: {Behind}")]
    private partial void LogCrewRun(string crew, int sessions, int created, int updated, double durationMs, bool behind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discovery of crew {Crew} failed: {Reason}")]
    private partial void LogCrewFailed(Exception exception, string crew, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The discovery state of crew {Crew} could not be saved")]
    private partial void LogStateUnavailable(Exception exception, string crew);

    private sealed record CrewProgress(SourceSchema Schema, ReadWindow Window, int Sessions, IndexChanges Changes, bool Behind, Exception? Error);
}
