using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>A thread's session state as read, with the ETag its next write is conditioned on.</summary>
public sealed record ChatThread(ChatSessionState State, ETag ETag)
{
    public string Id => State.Id;
}

/// <summary>The thread's state row changed since it was read: nothing was written.</summary>
public sealed class ChatStateConflictException(string threadId) : Exception($"Chat thread {threadId} changed since it was read.");

/// <summary>
/// Table <c>ChatThreads</c>, one partition per thread (docs/workflow-chat-storage.md): its state, messages, events and
/// branches commit together in one entity-group transaction, conditioned on the state row's ETag. Every read of the
/// state checks its checksum; a state that fails it is reported and rebuilt from the thread's events.
/// </summary>
public sealed partial class ChatThreadStore(TableServiceClient tables, ChatSessionHealth health, ILogger<ChatThreadStore> logger)
{
    public const string TableName = "ChatThreads";

    /// <summary>An entity-group transaction holds at most 100 rows.</summary>
    public const int MaxRowsPerCommit = 100;

    private readonly LazyTable _table = new(tables, TableName);

    /// <summary>
    /// Creates the thread of <paramref name="created"/> with its main branch; when it exists already (this or a
    /// concurrent request made it), answers it as it stands with <c>Created</c> false.
    /// </summary>
    public async Task<(ChatThread Thread, bool Created)> CreateAsync(ChatEvent created, CancellationToken cancellationToken)
    {
        var state = ChatSession.Apply(null, created);
        var main = new ChatBranchRow
        {
            PartitionKey = state.Id,
            RowKey = ChatBranchRow.RowKeyFor(ChatSessionState.MainBranch),
            Id = ChatSessionState.MainBranch,
            CreatedAt = state.CreatedAt,
        };
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            var row = ChatStateRow.For(state);
            var responses = await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, row),
                    new TableTransactionAction(TableTransactionActionType.Add, main),
                    new TableTransactionAction(TableTransactionActionType.Add, ChatEventRow.For(null, state, created)),
                ],
                cancellationToken);
            return (new ChatThread(state, responses.Value[0].Headers.ETag ?? ETag.All), true);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return (await FindAsync(state.Id, cancellationToken) ?? throw new ChatStateConflictException(state.Id), false);
        }
    }

    /// <summary>
    /// The thread's state, checked against its checksum; null when there is no such thread. A state that fails the
    /// check (or cannot be read) is logged, counted for <c>/api/health</c>, rebuilt by replaying the events and written
    /// back, conditioned on the row as read.
    /// </summary>
    public async Task<ChatThread?> FindAsync(string threadId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<ChatStateRow>(threadId, ChatStateRow.Key, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        if (TryRead(row) is { } state)
        {
            return new ChatThread(state, row.ETag);
        }

        return await RepairAsync(table, row, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="events"/> to <paramref name="thread"/>'s state and stores the new state, each event
    /// (with the state before and after it) and <paramref name="rows"/> in one transaction; <paramref name="rows"/> are
    /// upserted, so a branch's head moves with the message that moves it.
    /// </summary>
    /// <exception cref="ChatStateConflictException">The state changed since <paramref name="thread"/> was read.</exception>
    public async Task<ChatThread> CommitAsync(ChatThread thread, IReadOnlyList<ChatEvent> events, IReadOnlyList<ChatRow> rows, CancellationToken cancellationToken)
    {
        var state = thread.State;
        var eventRows = new List<ChatEventRow>();
        foreach (var e in events)
        {
            var after = ChatSession.Apply(state, e);
            eventRows.Add(ChatEventRow.For(state, after, e));
            state = after;
        }

        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, ChatStateRow.For(state), thread.ETag),
            .. rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)),
            .. eventRows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)),
        ];
        if (actions.Count > MaxRowsPerCommit)
        {
            throw new InvalidOperationException($"A chat change of {actions.Count} rows does not fit one transaction of {MaxRowsPerCommit}.");
        }

        var table = await _table.GetAsync(cancellationToken);
        try
        {
            var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
            return new ChatThread(state, responses.Value[0].Headers.ETag ?? ETag.All);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // A conflict on the state row is a concurrent change; one on an event row also means another writer got to
            // this version first, since event keys are the versions.
            throw new ChatStateConflictException(thread.Id);
        }
    }

    public async Task<ChatMessageRow?> MessageAsync(string threadId, int seq, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<ChatMessageRow>(threadId, ChatRow.SeqKey(ChatMessageRow.Kind, seq), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The thread's messages after sequence number <paramref name="afterSeq"/>, oldest first.</summary>
    public IAsyncEnumerable<ChatMessageRow> MessagesAsync(string threadId, int afterSeq, CancellationToken cancellationToken) =>
        RangeAsync<ChatMessageRow>(threadId, ChatMessageRow.Kind, afterSeq, null, cancellationToken);

    /// <summary>The thread's events after sequence number <paramref name="afterSeq"/>, oldest first.</summary>
    public IAsyncEnumerable<ChatEventRow> EventsAsync(string threadId, int afterSeq, int? pageSize, CancellationToken cancellationToken) =>
        RangeAsync<ChatEventRow>(threadId, ChatEventRow.Kind, afterSeq, pageSize, cancellationToken);

    public async Task<Dictionary<string, ChatBranchRow>> BranchesAsync(string threadId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {threadId} and RowKey ge {ChatBranchRow.Kind + "|"} and RowKey lt {ChatBranchRow.Kind + "}"}");
        var branches = new Dictionary<string, ChatBranchRow>(StringComparer.Ordinal);
        await foreach (var branch in table.QueryAsync<ChatBranchRow>(filter, cancellationToken: cancellationToken))
        {
            branches[branch.Id] = branch;
        }

        return branches;
    }

    /// <summary>The ids of open threads whose last activity is before <paramref name="cutoff"/>, across all threads.</summary>
    public async IAsyncEnumerable<string> IdleAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ChatStateRow.Key} and Status eq {ChatStatus.Open} and LastActivityAt lt {cutoff}");
        await foreach (var row in table.QueryAsync<ChatStateRow>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return row.PartitionKey;
        }
    }

    private static ChatSessionState? TryRead(ChatStateRow row)
    {
        if (ChatSessionState.ChecksumOf(row.StateJson) != row.Checksum)
        {
            return null;
        }

        try
        {
            var state = ChatSessionState.FromCanonicalJson(row.StateJson);
            return state.Id == row.PartitionKey ? state : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async IAsyncEnumerable<T> RangeAsync<T>(string threadId, string kind, int afterSeq, int? pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : ChatRow, new()
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {threadId} and RowKey gt {ChatRow.SeqKey(kind, afterSeq)} and RowKey lt {kind + "}"}");
        await foreach (var row in table.QueryAsync<T>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    private async Task<ChatThread?> RepairAsync(TableClient table, ChatStateRow row, CancellationToken cancellationToken)
    {
        health.CorruptionFound();
        LogCorrupted(row.PartitionKey, row.Version);
        var events = new List<ChatEvent>();
        await foreach (var e in EventsAsync(row.PartitionKey, 0, null, cancellationToken))
        {
            events.Add(e.ToEvent());
        }

        var state = ChatSession.Replay(events);
        var rebuilt = ChatStateRow.For(state);
        try
        {
            var response = await table.UpdateEntityAsync(rebuilt, row.ETag, TableUpdateMode.Replace, cancellationToken);
            LogRepaired(row.PartitionKey, state.Version, events.Count);
            return new ChatThread(state, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Someone wrote (or repaired) the row meanwhile; what they wrote is read and checked again.
            return await FindAsync(row.PartitionKey, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat thread {ThreadId}: the stored session state (version {Version}) does not match its checksum; rebuilding it from its events")]
    private partial void LogCorrupted(string threadId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat thread {ThreadId}: session state rebuilt at version {Version} from {Events} events")]
    private partial void LogRepaired(string threadId, int version, int events);
}
