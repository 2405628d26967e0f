using Engage.Storage.Queues;
using Engage.Storage.Tables;

namespace Engage.Durable.Storage;

/// <summary>
/// The storage of one task hub: the instances table (status row and history per instance),
/// the payloads table for large values, the partitioned control queues and the work-item queue.
/// </summary>
internal sealed class TaskHub
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public TaskHub(TableServiceClient tables, QueueServiceClient queues, DurableTaskOptions options)
    {
        Options = options;
        Instances = tables.GetTableClient(options.HubName + "Instances");
        Payloads = tables.GetTableClient(options.HubName + "Payloads");
        var prefix = options.HubName.ToLowerInvariant();
        ControlQueues = Enumerable.Range(0, options.PartitionCount)
            .Select(i => queues.GetQueueClient($"{prefix}-control-{i:D2}"))
            .ToArray();
        WorkItems = queues.GetQueueClient($"{prefix}-workitems");
    }

    public DurableTaskOptions Options { get; }

    public TableClient Instances { get; }

    public TableClient Payloads { get; }

    public IReadOnlyList<QueueClient> ControlQueues { get; }

    public QueueClient WorkItems { get; }

    /// <summary>
    /// Creates the hub's tables and queues once per process; clients call it before their first
    /// write, since a request can come before the worker has started.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await CreateIfNotExistsAsync(cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await Instances.CreateIfNotExistsAsync(cancellationToken);
        await Payloads.CreateIfNotExistsAsync(cancellationToken);
        foreach (var queue in ControlQueues.Append(WorkItems))
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>The control queue of an instance: FNV-1a of its id, as the Durable Task Framework hashes.</summary>
    public QueueClient ControlQueueFor(string instanceId)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(instanceId))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return ControlQueues[(int)(hash % (uint)ControlQueues.Count)];
    }
}
