using System.Text;
using Azure;
using Engage.Durable.History;
using Engage.Storage.Tables;

namespace Engage.Durable.Storage;

/// <summary>Reads and commits instances: status row plus append-only history rows in one partition.</summary>
internal sealed class InstanceStore(TaskHub hub, PayloadStore payloads)
{
    /// <summary>Room for the status row in a transaction of at most 100 operations.</summary>
    private const int HistoryRowsPerTransaction = 99;

    /// <summary>Stays clear of the 4 MiB transaction limit with the status row added.</summary>
    private const int BytesPerTransaction = 3 * 1024 * 1024;

    public TableClient Table => hub.Instances;

    public async Task<InstanceStatusEntity?> GetStatusAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await hub.Instances.GetEntityIfExistsAsync<InstanceStatusEntity>(instanceId, InstanceStatusEntity.StatusRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The instance's status and committed history, or null if it does not exist.</summary>
    public async Task<InstanceState?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(instanceId, cancellationToken);
        if (status is null)
        {
            return null;
        }

        return new InstanceState(status, await ReadHistoryAsync(status, cancellationToken));
    }

    public async Task<List<HistoryEvent>> ReadHistoryAsync(InstanceStatusEntity status, CancellationToken cancellationToken)
    {
        var history = new List<HistoryEvent>(status.HistoryLength);
        if (status.HistoryLength == 0)
        {
            return history;
        }

        var filter = HistoryRow.GenerationFilter(status.PartitionKey, status.Generation);
        await foreach (var row in hub.Instances.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (history.Count == status.HistoryLength)
            {
                // Rows past the committed length were left by an episode that never committed.
                break;
            }

            history.Add(await payloads.ResolveAsync(status.PartitionKey, HistoryRow.FromEntity(row), cancellationToken));
        }

        if (history.Count != status.HistoryLength)
        {
            throw new InvalidOperationException(
                $"Instance '{status.PartitionKey}' commits {status.HistoryLength} history events but only {history.Count} are stored.");
        }

        return history;
    }

    /// <summary>
    /// Appends <paramref name="newEvents"/> (payloads already offloaded) and writes
    /// <paramref name="status"/> last, conditionally on the ETag the caller read (or as a new
    /// row when it has none). Returns the status row's new ETag.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Another writer got there first.</exception>
    public async Task<ETag> CommitAsync(InstanceStatusEntity status, int firstIndex, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken)
    {
        var rows = newEvents.Select((e, i) => HistoryRow.ToEntity(status.PartitionKey, status.Generation, firstIndex + i, e)).ToList();
        var batches = Batch(rows);
        for (var i = 0; i < batches.Count - 1; i++)
        {
            // Rows beyond the committed length are invisible until the status row says otherwise.
            await hub.Instances.SubmitTransactionAsync(batches[i].Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
        }

        var last = (batches.Count > 0 ? batches[^1] : [])
            .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))
            .Append(status.ETag == default
                ? new TableTransactionAction(TableTransactionActionType.Add, status)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, status, status.ETag))
            .ToList();
        try
        {
            var result = await hub.Instances.SubmitTransactionAsync(last, cancellationToken);
            return result.Value[^1].Headers.ETag ?? throw new InvalidOperationException("The status write returned no ETag.");
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404 && e.FailedTransactionActionIndex == last.Count - 1)
        {
            throw new ConcurrencyConflictException(status.PartitionKey, e);
        }
    }

    /// <summary>Deletes every row of an instance: status, history of all generations.</summary>
    public async Task DeletePartitionAsync(TableClient table, string instanceId, Func<TableEntity, bool>? keep, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableOdataFilter.Create($"PartitionKey eq {instanceId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (keep?.Invoke(row) != true)
            {
                rows.Add(row);
            }
        }

        foreach (var batch in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r)), cancellationToken);
        }
    }

    private static List<List<TableEntity>> Batch(List<TableEntity> rows)
    {
        var batches = new List<List<TableEntity>>();
        var current = new List<TableEntity>();
        var bytes = 0;
        foreach (var row in rows)
        {
            var size = Encoding.UTF8.GetByteCount(row.GetString("Event")!) + 200;
            if (current.Count == HistoryRowsPerTransaction || (current.Count > 0 && bytes + size > BytesPerTransaction))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(row);
            bytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
