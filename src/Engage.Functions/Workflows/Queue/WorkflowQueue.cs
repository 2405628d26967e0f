using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Records;
using Engage.Functions.Storage;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Queue;

/// <summary>
/// The queue: a projection of active, not snoozed executions ordered by <see cref="PriorityScore"/>, kept in table
/// <c>WorkflowQueue</c> (docs/workflow-queue.md). It is derived data: <see cref="SyncAsync"/> puts an execution
/// where its current state and its customer say, after every write of either, and the daily refresh recomputes
/// it as renewals come nearer. Reading a page is one range read of one partition.
/// </summary>
public sealed class WorkflowQueue(TableServiceClient tables, CustomerRecords records)
{
    public const string TableName = "WorkflowQueue";
    public const string EveryonePartition = "all";
    private const string PointerPartition = "pointer";

    /// <summary>Each lost race means another sync won, so a sync makes progress; this bounds a pathological pile-up.</summary>
    private const int MaxMoveAttempts = 20;

    private readonly LazyTable _table = new(tables, TableName);

    /// <summary>
    /// Up to <paramref name="limit"/> entries of <paramref name="owner"/>'s queue (everyone's when null), highest
    /// priority first, after row key <paramref name="after"/> when given; with the row key to continue after when
    /// more follow. One range read of one partition.
    /// </summary>
    public async Task<(IReadOnlyList<QueueEntry> Entries, string? Next)> PageAsync(string? owner, int limit, string? after, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var partition = PartitionFor(owner);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}");

        // One more than asked says whether another page follows, without a second read.
        var entries = new List<QueueEntry>(limit + 1);
        await foreach (var entry in table.QueryAsync<QueueEntry>(filter, maxPerPage: limit + 1, cancellationToken: cancellationToken))
        {
            entries.Add(entry);
            if (entries.Count > limit)
            {
                entries.RemoveAt(limit);
                return (entries, entries[^1].RowKey);
            }
        }

        return (entries, null);
    }

    /// <summary>The partition holding <paramref name="owner"/>'s queue, or everyone's when null.</summary>
    public static string PartitionFor(string? owner) => owner is null ? EveryonePartition : OwnerPartition(owner);

    /// <summary>Puts <paramref name="execution"/> in the queue as <paramref name="customer"/> and today rank it, or takes it out when it is not active.</summary>
    public async Task SyncAsync(WorkflowExecution execution, Customer customer, DateOnly today, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<QueuePointer>(PointerPartition, execution.Id, cancellationToken: cancellationToken);
            var pointer = found.HasValue ? found.Value : null;
            var entry = execution.Status == ExecutionStatus.Active ? Entry(execution, customer, today) : null;
            try
            {
                await MoveAsync(table, pointer, entry, execution.Id, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxMoveAttempts)
            {
                // Another sync of the same execution moved it meanwhile; start again from where it put it, a little
                // later, so racing syncs spread out instead of colliding again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * (attempt + 1))), cancellationToken);
            }
        }
    }

    /// <summary>Re-ranks every open execution of <paramref name="customer"/>, after the customer changed or a day passed.</summary>
    public async Task SyncCustomerAsync(Customer customer, DateOnly today, CancellationToken cancellationToken)
    {
        var open = TableClient.CreateQueryFilter($"Status eq {ExecutionStatus.Active} or Status eq {ExecutionStatus.Snoozed}");
        await foreach (var execution in records.ListAsync<WorkflowExecution>(customer.Id, WorkflowExecution.Kind, open, cancellationToken))
        {
            await SyncAsync(execution, customer, today, cancellationToken);
        }
    }

    /// <summary>Owners are user ids of any shape; their partition is a hash, so any id is a valid key.</summary>
    public static string OwnerPartition(string owner) =>
        "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner.ToLowerInvariant())))[..32];

    private static QueueEntry Entry(WorkflowExecution execution, Customer customer, DateOnly today)
    {
        var score = PriorityScore.For(customer, today, execution.EscalatedAt is not null);
        return new QueueEntry
        {
            RowKey = QueueEntry.RowKeyFor(score, execution.Id),
            ExecutionId = execution.Id,
            CustomerId = customer.Id,
            CustomerName = customer.Name,
            WorkflowId = execution.WorkflowId,
            WorkflowName = execution.WorkflowName,
            CurrentStep = execution.CurrentStepId,
            PriorityScore = score,
            Owner = execution.Owner,
            RenewalStage = customer.RenewalStage,
            AccountPlan = customer.AccountPlan,
            DaysUntilRenewal = CustomerRules.DaysUntilRenewal(customer, today),
            EscalatedAt = execution.EscalatedAt,
            StartedAt = execution.StartedAt,
        };
    }

    /// <summary>
    /// The pointer is written first, conditioned on the one read, so of two concurrent moves one loses and starts
    /// again; the new entries are written before the old ones go, so the execution never drops out in between.
    /// </summary>
    private static async Task MoveAsync(TableClient table, QueuePointer? pointer, QueueEntry? entry, string executionId, CancellationToken cancellationToken)
    {
        var ownerPartition = entry?.Owner is { } owner ? OwnerPartition(owner) : null;
        if (pointer is not null && entry is not null && pointer.EntryKey == entry.RowKey && pointer.OwnerPartition == ownerPartition)
        {
            await WriteEntriesAsync(table, entry, ownerPartition, executionId, pointer.ETag, cancellationToken);
            return;
        }

        ETag? written = null;
        if (entry is null)
        {
            if (pointer is null)
            {
                return;
            }

            await table.DeleteEntityAsync(pointer, pointer.ETag, cancellationToken);
        }
        else
        {
            var moved = new QueuePointer { PartitionKey = PointerPartition, RowKey = executionId, EntryKey = entry.RowKey, OwnerPartition = ownerPartition };
            var response = pointer is null
                ? await table.AddEntityAsync(moved, cancellationToken)
                : await table.UpdateEntityAsync(moved, pointer.ETag, TableUpdateMode.Replace, cancellationToken);
            written = response.Headers.ETag;
            await WriteEntriesAsync(table, entry, ownerPartition, executionId, written, cancellationToken);
        }

        if (pointer is not null)
        {
            var kept = entry is null ? [] : new[] { (EveryonePartition, entry.RowKey), (ownerPartition, entry.RowKey) };
            var old = new[] { EveryonePartition, pointer.OwnerPartition }.OfType<string>().Where(p => !kept.Contains((p, pointer.EntryKey)));
            await DeleteUnlessMovedBackAsync(table, [.. old], pointer.EntryKey, executionId, written, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes the entries a move left behind, unless a later sync of the same execution has meanwhile moved it back to
    /// that very key: each old entry is read first, the pointer is checked to be still this move's, and the entry is
    /// deleted only as it was read. A later sync that re-wrote the entry changed its ETag, so the delete misses.
    /// </summary>
    private static async Task DeleteUnlessMovedBackAsync(
        TableClient table, IReadOnlyList<string> partitions, string rowKey, string executionId, ETag? written, CancellationToken cancellationToken)
    {
        var found = new List<QueueEntry>();
        foreach (var partition in partitions)
        {
            var old = await table.GetEntityIfExistsAsync<QueueEntry>(partition, rowKey, cancellationToken: cancellationToken);
            if (old.HasValue)
            {
                found.Add(old.Value!);
            }
        }

        var current = await table.GetEntityIfExistsAsync<QueuePointer>(PointerPartition, executionId, cancellationToken: cancellationToken);
        if (current.HasValue ? current.Value!.ETag != written : written is not null)
        {
            // Another sync moved the execution after this one: the cleanup of what it found is its own.
            return;
        }

        foreach (var old in found)
        {
            try
            {
                await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, old.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Re-written by a later sync (it is that sync's entry now), or already gone.
            }
        }
    }

    /// <summary>
    /// Writes the entries, then takes them back if a later sync moved the execution elsewhere while they were being
    /// written (its cleanup could not see them yet). Each is deleted only as written: one that a still later sync
    /// re-wrote stays.
    /// </summary>
    private static async Task WriteEntriesAsync(
        TableClient table, QueueEntry entry, string? ownerPartition, string executionId, ETag? pointerTag, CancellationToken cancellationToken)
    {
        var written = new List<(string Partition, ETag Tag)>();
        foreach (var partition in new[] { EveryonePartition, ownerPartition }.OfType<string>())
        {
            entry.PartitionKey = partition;
            var response = await table.UpsertEntityAsync(entry, TableUpdateMode.Replace, cancellationToken);
            written.Add((partition, response.Headers.ETag ?? ETag.All));
        }

        var current = await table.GetEntityIfExistsAsync<QueuePointer>(PointerPartition, executionId, cancellationToken: cancellationToken);
        if ((current.HasValue && current.Value!.ETag == pointerTag) || (current.HasValue && current.Value!.EntryKey == entry.RowKey))
        {
            return;
        }

        foreach (var (partition, tag) in written)
        {
            try
            {
                await table.DeleteEntityAsync(partition, entry.RowKey, tag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Re-written by a later sync, or already taken away by one.
            }
        }
    }
}
