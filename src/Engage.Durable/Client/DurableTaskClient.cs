using Azure;
using Engage.Durable.History;
using Engage.Durable.Orchestration;
using Engage.Durable.Storage;
using Engage.Durable.Worker;
using Engage.Storage.Tables;

namespace Engage.Durable.Client;

/// <summary>Starts, inspects, signals and removes orchestration instances; names as in Microsoft.DurableTask.</summary>
public class DurableTaskClient
{
    private static readonly TimeSpan MaxPollingDelay = TimeSpan.FromSeconds(1);

    private readonly TaskHub _hub;
    private readonly InstanceStore _store;
    private readonly PayloadStore _payloads;
    private readonly Outbox _outbox;
    private readonly TimeProvider _timeProvider;
    private readonly EngineHooks _hooks;

    internal DurableTaskClient(TaskHub hub, InstanceStore store, PayloadStore payloads, Outbox outbox, EngineHooks hooks, TimeProvider timeProvider)
    {
        _hooks = hooks;
        _hub = hub;
        _store = store;
        _payloads = payloads;
        _outbox = outbox;
        _timeProvider = timeProvider;
    }

    /// <summary>For mocking.</summary>
    protected DurableTaskClient()
    {
        _hub = null!;
        _store = null!;
        _payloads = null!;
        _outbox = null!;
        _hooks = null!;
        _timeProvider = TimeProvider.System;
    }

    public virtual string HubName => _hub.Options.HubName;

    /// <summary>
    /// Starts an instance and returns its id. A caller-chosen id that is pending or running is
    /// refused with <see cref="OrchestrationAlreadyExistsException"/>; a finished one is reused.
    /// </summary>
    public virtual async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        TableKeys.Validate(instanceId, "instanceId");
        await _hub.EnsureCreatedAsync(cancellationToken);
        var existing = await _store.GetStatusAsync(instanceId, cancellationToken);
        if (existing is not null && !Enum.Parse<OrchestrationRuntimeStatus>(existing.RuntimeStatus).IsTerminal())
        {
            throw new OrchestrationAlreadyExistsException(instanceId, existing.RuntimeStatus);
        }

        var now = _timeProvider.GetUtcNow();
        var (inline, reference) = await _payloads.StoreIfLargeAsync(instanceId, DataConverter.Serialize(input), cancellationToken);
        var executionId = Guid.NewGuid().ToString("N");
        var start = HistoryEvent.ExecutionStarted(orchestratorName, instanceId, executionId, inline, null, now) with { DataRef = reference };
        var delay = options?.StartAt is { } startAt ? startAt - now : TimeSpan.Zero;

        // Message first: if this process dies before the row is written, the worker creates
        // the row from the message, so no instance is ever stranded as Pending.
        await _outbox.Control(instanceId, null, [start], delay).SendAsync(cancellationToken);
        await _hooks.At(CrashPoint.StartBeforeStatusRow, instanceId, cancellationToken);
        var pending = new InstanceStatusEntity
        {
            PartitionKey = instanceId,
            ETag = existing?.ETag ?? default,
            Name = orchestratorName,
            ExecutionId = executionId,
            Generation = existing is null ? 0 : existing.Generation + 1,
            Input = inline,
            InputRef = reference,
            CreatedTime = now,
            LastUpdatedTime = now,
        };
        try
        {
            if (existing is null)
            {
                await _store.Table.AddEntityAsync(pending, cancellationToken);
            }
            else
            {
                await _store.Table.UpdateEntityAsync(pending, existing.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A worker already took the start message and wrote the row.
        }

        return instanceId;
    }

    /// <summary>The instance's state, or null if there is none.</summary>
    public virtual async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(instanceId, nameof(instanceId));
        var status = await _store.GetStatusAsync(instanceId, cancellationToken);
        return status is null ? null : await ToMetadataAsync(status, getInputsAndOutputs, cancellationToken);
    }

    /// <summary>The current execution's history, oldest first; empty if the instance does not exist.</summary>
    public virtual async Task<IReadOnlyList<HistoryEvent>> GetInstanceHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(instanceId, nameof(instanceId));
        var status = await _store.GetStatusAsync(instanceId, cancellationToken);
        return status is null ? [] : await _store.ReadHistoryAsync(status, cancellationToken);
    }

    /// <summary>
    /// The instance's state with its inputs and outputs and, if <paramref name="withHistory"/>, its current
    /// execution's history, both from one read of the status row; null if there is no instance.
    /// </summary>
    internal async Task<(OrchestrationMetadata Instance, IReadOnlyList<HistoryEvent>? History)?> GetInstanceWithHistoryAsync(
        string instanceId, bool withHistory, CancellationToken cancellationToken)
    {
        TableKeys.Validate(instanceId, nameof(instanceId));
        var status = await _store.GetStatusAsync(instanceId, cancellationToken);
        if (status is null)
        {
            return null;
        }

        var instance = await ToMetadataAsync(status, getInputsAndOutputs: true, cancellationToken);
        return (instance, withHistory ? await _store.ReadHistoryAsync(status, cancellationToken) : null);
    }

    public virtual AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        var rows = _store.Table.QueryAsync<InstanceStatusEntity>(InstanceFilter.For(query), query.PageSize, cancellationToken: cancellationToken);
        return new InstancePageable(rows, query, _hub.EnsureCreatedAsync, (status, ct) => ToMetadataAsync(status, query.FetchInputsAndOutputs, ct), cancellationToken);
    }

    /// <summary>Delivers an event to the instance; it is buffered until the orchestrator waits for it.</summary>
    public virtual async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(instanceId, nameof(instanceId));
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await _hub.EnsureCreatedAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var raised = HistoryEvent.EventRaised(eventName, DataConverter.Serialize(eventPayload), Guid.NewGuid().ToString("N"), now);
        raised = await _payloads.OffloadAsync(instanceId, raised, cancellationToken);
        await _outbox.Control(instanceId, null, [raised], TimeSpan.Zero).SendAsync(cancellationToken);
    }

    /// <summary>Ends a running instance as Terminated; activities already running finish but are ignored.</summary>
    public virtual async Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(instanceId, nameof(instanceId));
        await _hub.EnsureCreatedAsync(cancellationToken);
        var terminated = HistoryEvent.ExecutionTerminated(reason, _timeProvider.GetUtcNow());
        await _outbox.Control(instanceId, null, [terminated], TimeSpan.Zero).SendAsync(cancellationToken);
    }

    /// <summary>Removes a finished instance with its history and payloads; a running one is refused.</summary>
    public virtual async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(instanceId, nameof(instanceId));
        var status = await _store.GetStatusAsync(instanceId, cancellationToken);
        if (status is null)
        {
            return new PurgeResult(0);
        }

        if (!Enum.Parse<OrchestrationRuntimeStatus>(status.RuntimeStatus).IsTerminal())
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {status.RuntimeStatus}; terminate it before purging.");
        }

        await _store.DeletePartitionAsync(_hub.Payloads, instanceId, keep: null, cancellationToken);
        await _store.DeletePartitionAsync(_store.Table, instanceId, keep: null, cancellationToken);
        return new PurgeResult(1);
    }

    public virtual async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        var statuses = filter.Statuses ?? Enum.GetValues<OrchestrationRuntimeStatus>().Where(s => s.IsTerminal()).ToList();
        if (statuses.Any(s => !s.IsTerminal()))
        {
            throw new ArgumentException("Only finished instances (Completed, Failed, Terminated, Canceled) can be purged.", nameof(filter));
        }

        var query = new OrchestrationQuery { CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, Statuses = statuses, PageSize = 1000 };
        var purged = 0;
        await foreach (var instance in GetAllInstancesAsync(query, cancellationToken))
        {
            purged += (await PurgeInstanceAsync(instance.InstanceId, cancellationToken)).PurgedInstanceCount;
        }

        return new PurgeResult(purged);
    }

    /// <summary>Polls until the instance has finished (Completed, Failed, Terminated).</summary>
    public virtual async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var instance = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
            if (instance?.IsCompleted == true)
            {
                return instance;
            }

            await Task.Delay(delay, _timeProvider, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollingDelay.Ticks));
        }
    }

    private async Task<OrchestrationMetadata> ToMetadataAsync(InstanceStatusEntity status, bool getInputsAndOutputs, CancellationToken cancellationToken) =>
        new(status.Name, status.PartitionKey)
        {
            RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(status.RuntimeStatus),
            CreatedAt = status.CreatedTime,
            LastUpdatedAt = status.LastUpdatedTime,
            SerializedCustomStatus = status.CustomStatus,
            FailureDetails = DataConverter.Deserialize<TaskFailureDetails>(status.Failure),
            SerializedInput = getInputsAndOutputs ? await ReadAsync(status.PartitionKey, status.Input, status.InputRef, cancellationToken) : null,
            SerializedOutput = getInputsAndOutputs ? await ReadAsync(status.PartitionKey, status.Output, status.OutputRef, cancellationToken) : null,
        };

    private async Task<string?> ReadAsync(string instanceId, string? inline, string? reference, CancellationToken cancellationToken) =>
        reference is null ? inline : await _payloads.LoadAsync(instanceId, reference, cancellationToken);
}
