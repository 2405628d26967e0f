using Azure;
using Azure.Data.Tables;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Storage;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// The conversation index. A conversation's primary row and activity row live in the same table (the crew's
/// one, or one of its <see cref="IndexShards"/>), in the crew's partition, and change together in one entity
/// group transaction conditioned on the primary row's ETag, so the newest-first list always agrees with the
/// primary rows and two writers of one session (two runs, a run and the webhook) cannot both win.
/// </summary>
public sealed class ConversationIndex(TableServiceClient tables, DiscoveryOptions options, TimeProvider timeProvider)
{
    /// <summary>The service's limit on the operations of one entity group transaction.</summary>
    private const int MaxTransactionActions = 100;

    /// <summary>A new conversation is two operations and a change at most three.</summary>
    private const int NewPerTransaction = MaxTransactionActions / 2;
    private const int ChangedPerTransaction = MaxTransactionActions / 3;
    private const int ConflictAttempts = 5;

    private readonly LazyTable _single = new(tables, options.IndexTable);
    private readonly LazyTable[] _shards = [.. Enumerable.Range(0, IndexShards.Max).Select(shard => new LazyTable(tables, options.ShardTable(shard)))];
    private readonly NewestFirstReader _reader = new(timeProvider);

    public async Task EnsureTablesAsync(IEnumerable<CrewDefinition> crews, CancellationToken cancellationToken)
    {
        await _single.GetAsync(cancellationToken);
        foreach (var shards in crews.Select(c => c.Shards).Distinct())
        {
            await TablesAsync(shards, cancellationToken);
        }
    }

    /// <summary>
    /// Brings the sessions' rows up to date, each shard's share in its own transactions. Sessions whose first
    /// message is above <paramref name="newAbove"/> cannot have been indexed by a run, so they are inserted
    /// without reading first; if the webhook was quicker, the insert conflicts and they take the
    /// read-and-compare path like the rest.
    /// </summary>
    /// <param name="observedAt">The activity time of a changed last message when the table has no <c>created_at</c>.</param>
    public async Task<IndexChanges> ApplyAsync(CrewDefinition crew, IReadOnlyList<SessionSummary> sessions, long newAbove, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var perShard = await Task.WhenAll(sessions
            .GroupBy(s => IndexShards.Of(SessionKey.For(s.SessionId), crew.Shards))
            .Select(async group => await ApplyToShardAsync(await TableAsync(crew.Shards, group.Key, cancellationToken), crew, [.. group], newAbove, observedAt, cancellationToken)));
        return perShard.Aggregate(default(IndexChanges), (sum, changes) => sum + changes);
    }

    public async Task<ConversationEntity?> GetAsync(CrewDefinition crew, string sessionId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(crew.Shards, IndexShards.Of(SessionKey.For(sessionId), crew.Shards), cancellationToken);
        return await ReadAsync(table, crew, sessionId, cancellationToken);
    }

    /// <summary>
    /// Newest first over the crews: each crew's next <paramref name="limit"/> activity rows, merged. A crew's
    /// rows are range reads in its partition of each of its tables, so the cost follows the page size, not the crew's size.
    /// </summary>
    public async Task<ConversationPage> ListAsync(IReadOnlyList<CrewDefinition> crews, int limit, ListPosition? position, CancellationToken cancellationToken)
    {
        var perCrew = await Task.WhenAll(crews.Select(async crew =>
            await _reader.ReadAsync(await TablesAsync(crew.Shards, cancellationToken), crew.Key, position?.AfterFor(crew.Key) ?? ActivityKey.Prefix, limit, cancellationToken)));

        var page = perCrew.SelectMany(c => c.Rows.Take(limit))
            .OrderBy(r => r.RowKey, StringComparer.Ordinal)
            .ThenBy(r => r.PartitionKey, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        var more = false;
        foreach (var crew in perCrew)
        {
            var served = crew.Rows.Count(page.Contains);
            next[crew.CrewKey] = served > 0 ? crew.Rows[served - 1].RowKey : crew.After;
            more |= served < crew.Rows.Count || crew.MayHaveMore;
        }

        var continuation = more ? new ListPosition(next.Where(p => p.Value != ActivityKey.Prefix).ToDictionary()).Encode() : null;
        return new ConversationPage(page, continuation);
    }

    /// <summary>Deletes the crew's rows from the tables of its layout, before they are filled again.</summary>
    public async Task ClearAsync(CrewDefinition crew, CancellationToken cancellationToken)
    {
        foreach (var table in await TablesAsync(crew.Shards, cancellationToken))
        {
            var keys = new List<string>();
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {crew.Key}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row.RowKey);
            }

            foreach (var chunk in keys.Chunk(MaxTransactionActions))
            {
                await table.SubmitTransactionAsync([.. chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(crew.Key, key), ETag.All))], cancellationToken);
            }
        }
    }

    private async Task<TableClient[]> TablesAsync(int shards, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => TableAsync(shards, shard, cancellationToken)));

    private Task<TableClient> TableAsync(int shards, int shard, CancellationToken cancellationToken) =>
        (shards == IndexShards.Single ? _single : _shards[shard]).GetAsync(cancellationToken);

    private async Task<IndexChanges> ApplyToShardAsync(TableClient table, CrewDefinition crew, List<SessionSummary> sessions, long newAbove, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var changes = default(IndexChanges);
        var toCompare = sessions.Where(s => s.FirstMessageId <= newAbove).ToList();
        foreach (var chunk in sessions.Where(s => s.FirstMessageId > newAbove).Chunk(NewPerTransaction))
        {
            var actions = chunk.SelectMany(s => Plan(crew, s, existing: null, observedAt).Actions).ToList();
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                changes += new IndexChanges(chunk.Length, 0, 0);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                toCompare.AddRange(chunk);
            }
        }

        return changes + await CompareAndWriteAsync(table, crew, toCompare, observedAt, cancellationToken);
    }

    private async Task<IndexChanges> CompareAndWriteAsync(TableClient table, CrewDefinition crew, List<SessionSummary> sessions, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var existing = await Task.WhenAll(sessions.Select(s => ReadAsync(table, crew, s.SessionId, cancellationToken)));
        var plans = sessions.Select((s, i) => (Session: s, Plan: Plan(crew, s, existing[i], observedAt))).ToList();
        var changes = new IndexChanges(0, 0, plans.Count(p => p.Plan.Actions.Count == 0));
        foreach (var chunk in plans.Where(p => p.Plan.Actions.Count > 0).Chunk(ChangedPerTransaction))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.SelectMany(p => p.Plan.Actions), cancellationToken);
                changes += new IndexChanges(chunk.Count(p => p.Plan.Creates), chunk.Count(p => !p.Plan.Creates), 0);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Someone else wrote one of these sessions meanwhile: settle each on its own against what is there now.
                foreach (var (session, _) in chunk)
                {
                    changes += await WriteOneAsync(table, crew, session, observedAt, cancellationToken);
                }
            }
        }

        return changes;
    }

    private async Task<IndexChanges> WriteOneAsync(TableClient table, CrewDefinition crew, SessionSummary session, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await ReadAsync(table, crew, session.SessionId, cancellationToken);
            var plan = Plan(crew, session, existing, observedAt);
            if (plan.Actions.Count == 0)
            {
                return new IndexChanges(0, 0, 1);
            }

            try
            {
                await table.SubmitTransactionAsync(plan.Actions, cancellationToken);
                return plan.Creates ? new IndexChanges(1, 0, 0) : new IndexChanges(0, 1, 0);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < ConflictAttempts)
            {
                // Lost a race for this session; the next attempt compares with the winner's row.
            }
        }
    }

    private static async Task<ConversationEntity?> ReadAsync(TableClient table, CrewDefinition crew, string sessionId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<ConversationEntity>(crew.Key, SessionKey.For(sessionId), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// The transaction that makes the index show <paramref name="session"/>; none when it already does, or when
    /// the row holds a later last message: a summary read before another writer indexed newer messages (a
    /// delayed webhook, a run that lost its lease) must not take the row back. Ids grow with every message of
    /// the table, so the higher last id is the newer summary.
    /// </summary>
    private WritePlan Plan(CrewDefinition crew, SessionSummary session, ConversationEntity? existing, DateTimeOffset observedAt)
    {
        if (existing is not null && existing.LastMessageId > session.LastMessageId)
        {
            return new WritePlan(false, []);
        }

        var lastActivity = session.LastMessageAt
            ?? (existing is not null && existing.LastMessageId == session.LastMessageId ? existing.LastActivityAt : observedAt);
        var primary = new ConversationEntity
        {
            PartitionKey = crew.Key,
            RowKey = SessionKey.For(session.SessionId),
            Client = crew.Client,
            Crew = crew.Crew,
            SessionId = session.SessionId,
            MessageCount = session.MessageCount,
            HumanCount = session.HumanCount,
            AiCount = session.AiCount,
            FirstMessageId = session.FirstMessageId,
            LastMessageId = session.LastMessageId,
            FirstMessageAt = session.FirstMessageAt,
            LastMessageAt = session.LastMessageAt,
            LastActivityAt = lastActivity,
            LastMessageType = session.LastMessageType,
            Preview = session.Preview,
            ActivityKey = ActivityKey.For(lastActivity, session.LastMessageId),
            IndexedAt = timeProvider.GetUtcNow(),
        };
        var activity = primary.CopyAs(primary.ActivityKey);
        if (existing is null)
        {
            return new WritePlan(true, [new(TableTransactionActionType.Add, primary), new(TableTransactionActionType.Add, activity)]);
        }

        if (existing.SameFactsAs(primary) && existing.ActivityKey == primary.ActivityKey)
        {
            return new WritePlan(false, []);
        }

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, primary, existing.ETag) };
        if (existing.ActivityKey != primary.ActivityKey && existing.ActivityKey.Length > 0)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(crew.Key, existing.ActivityKey), ETag.All));
        }

        actions.Add(new(TableTransactionActionType.UpsertReplace, activity));
        return new WritePlan(false, actions);
    }

    private sealed record WritePlan(bool Creates, IReadOnlyList<TableTransactionAction> Actions);
}
