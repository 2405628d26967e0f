using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Records;

/// <summary>
/// Table <c>CustomerRecords</c>: one partition per customer holding the customer, its executions, tasks, artifacts,
/// action runs and the events of all of them. Every change goes through <see cref="SaveAsync"/> or
/// <see cref="DeleteAsync"/>, which commit the change and its <see cref="RecordEvent"/> in one entity-group
/// transaction, conditioned on the version that was read: either both are stored or neither is.
/// </summary>
public sealed class CustomerRecords(TableServiceClient tables)
{
    public const string TableName = "CustomerRecords";

    private readonly LazyTable _table = new(tables, TableName);

    public async Task<T?> FindAsync<T>(string customerId, string rowKey, CancellationToken cancellationToken)
        where T : CustomerRecord, new()
    {
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<T>(customerId, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The records of one kind in a customer's partition (RowKey <c>{kind}|...</c>), oldest first, narrowed by <paramref name="filter"/>.</summary>
    public async IAsyncEnumerable<T> ListAsync<T>(string customerId, string kind, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : CustomerRecord, new()
    {
        var table = await _table.GetAsync(cancellationToken);
        var query = KindFilter(customerId, kind);
        await foreach (var record in table.QueryAsync<T>(filter is null ? query : $"{query} and ({filter})", cancellationToken: cancellationToken))
        {
            yield return record;
        }
    }

    /// <summary>The records of one kind across all customers, narrowed by <paramref name="filter"/> (built with <see cref="TableClient.CreateQueryFilter"/>).</summary>
    public async Task<Page<T>> PageAcrossCustomersAsync<T>(string kind, string? filter, int pageSize, string? continuation, CancellationToken cancellationToken)
        where T : CustomerRecord, new()
    {
        var table = await _table.GetAsync(cancellationToken);
        var query = TableClient.CreateQueryFilter($"RowKey ge {kind + "|"} and RowKey lt {kind + "}"}");
        await foreach (var page in table.QueryAsync<T>(filter is null ? query : $"{query} and ({filter})", maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
        {
            return page;
        }

        return Page<T>.FromValues([], null, null!);
    }

    /// <summary>
    /// Stores <paramref name="after"/> (its version one above <paramref name="before"/>'s, or 1 for a new record) with
    /// the event of the change.
    /// </summary>
    /// <exception cref="RecordConflictException">The record changed since <paramref name="before"/> was read, or already exists when it is new.</exception>
    public async Task SaveAsync(CustomerRecord? before, CustomerRecord after, RecordChange change, CancellationToken cancellationToken)
    {
        after.Version = (before?.Version ?? 0) + 1;
        var write = before is null
            ? new TableTransactionAction(TableTransactionActionType.Add, after)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, after, before.ETag);
        await CommitAsync(after, [write, new TableTransactionAction(TableTransactionActionType.Add, RecordEvent.For(before, after, change))], cancellationToken);
    }

    /// <summary>Deletes <paramref name="before"/> as read, with the event of its deletion.</summary>
    /// <exception cref="RecordConflictException">The record changed since it was read.</exception>
    public async Task DeleteAsync(CustomerRecord before, RecordChange change, CancellationToken cancellationToken) =>
        await CommitAsync(before, [
            new TableTransactionAction(TableTransactionActionType.Delete, before, before.ETag),
            new TableTransactionAction(TableTransactionActionType.Add, RecordEvent.For(before, null, change))], cancellationToken);

    /// <summary>A customer's events in time order; only those of <paramref name="recordId"/> when given.</summary>
    public async IAsyncEnumerable<RecordEvent> EventsAsync(string customerId, string? recordId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {RecordEvent.KeyPrefix} and RowKey lt {"evt}"}");
        if (recordId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RecordId eq {recordId}");
        }

        await foreach (var recorded in table.QueryAsync<RecordEvent>(filter, cancellationToken: cancellationToken))
        {
            yield return recorded;
        }
    }

    /// <summary>Every row of a customer's partition, for deleting the customer with all it holds.</summary>
    public async Task DeletePartitionAsync(string customerId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rows = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (rows.Count == 100)
            {
                await table.SubmitTransactionAsync(rows, cancellationToken);
                rows.Clear();
            }
        }

        if (rows.Count > 0)
        {
            await table.SubmitTransactionAsync(rows, cancellationToken);
        }
    }

    private static string KindFilter(string customerId, string kind) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {kind + "|"} and RowKey lt {kind + "}"}");

    private async Task CommitAsync(CustomerRecord record, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
            if (actions[0].ActionType != TableTransactionActionType.Delete && responses.Value[0].Headers.ETag is { } etag)
            {
                record.ETag = etag;
            }
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404 && e.FailedTransactionActionIndex is 0 or null)
        {
            throw new RecordConflictException(record.Id);
        }
    }
}
