using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// Every entity and blob of the app's storage account with its ETag, which any write changes, and every
/// orchestration instance with its status and last update. The task hub's own tables and containers are left
/// out: the engine writes them on its own (leases, history of the orchestration held running), and its
/// instances are compared through the Durable client instead.
/// </summary>
public sealed class StorageSnapshot
{
    private readonly SortedDictionary<string, SortedSet<string>> _items = new(StringComparer.Ordinal);

    public static async Task<StorageSnapshot> TakeAsync(string connectionString, string hubName, DurableTaskClient durable)
    {
        var snapshot = new StorageSnapshot();
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(hubName, StringComparison.OrdinalIgnoreCase))
            {
                var entities = snapshot.Store($"table {table.Name}");
                await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                {
                    entities.Add($"{entity.PartitionKey}|{entity.RowKey} {entity.ETag}");
                }
            }
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (!container.Name.StartsWith(hubName, StringComparison.OrdinalIgnoreCase))
            {
                var items = snapshot.Store($"container {container.Name}");
                await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
                {
                    items.Add($"{blob.Name} {blob.Properties.ETag}");
                }
            }
        }

        var instances = snapshot.Store("orchestration instances");
        await foreach (var instance in durable.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1000 }))
        {
            instances.Add($"{instance.InstanceId} {instance.RuntimeStatus} {instance.LastUpdatedAt:O}");
        }

        return snapshot;
    }

    /// <summary>What <paramref name="later"/> has that this has not, and the other way round, one line per store.</summary>
    public IEnumerable<string> ChangesIn(StorageSnapshot later)
    {
        foreach (var store in _items.Keys.Union(later._items.Keys).Order(StringComparer.Ordinal))
        {
            var before = _items.GetValueOrDefault(store);
            var after = later._items.GetValueOrDefault(store);
            if (before is null || after is null)
            {
                yield return $"{store} {(before is null ? "was created" : "was deleted")}";
                continue;
            }

            var added = after.Except(before).ToList();
            var removed = before.Except(after).ToList();
            if (added.Count + removed.Count > 0)
            {
                yield return $"{store} changed: +[{string.Join(", ", added.Take(5))}] -[{string.Join(", ", removed.Take(5))}]";
            }
        }
    }

    public bool SameAs(StorageSnapshot other) => !ChangesIn(other).Any();

    private SortedSet<string> Store(string name)
    {
        var items = new SortedSet<string>(StringComparer.Ordinal);
        _items[name] = items;
        return items;
    }
}
