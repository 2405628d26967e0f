using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Engage.LocalHost.Durable.Management;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreExceptions = DurableTask.Core.Exceptions;
using CoreFailure = DurableTask.Core.FailureDetails;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Engage.LocalHost.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> that <c>[DurableClient]</c> parameters get under the local host: the engine's
/// own client operations (start, events, terminate, suspend, rewind, queries, purge) on the task hub the worker runs,
/// serialized with the same converter the orchestrations use.
/// </summary>
public sealed class EngineDurableTaskClient(DurableEngine engine, DataConverter converter) : DurableTaskClient(engine.HubName)
{
    private static readonly CoreStatus[] RunningStatuses = [CoreStatus.Running, CoreStatus.Pending, CoreStatus.Suspended];

    private AzureStorageOrchestrationService Service => engine.Service;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value) ?? [];
        tags[OrchestrationTags.RequestTime] = DateTimeOffset.UtcNow.ToString(CultureInfo.InvariantCulture);
        var message = new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, converter.Serialize(input))
            {
                Name = orchestratorName.Name,
                Version = options?.Version?.Version ?? string.Empty,
                OrchestrationInstance = instance,
                ScheduledStartTime = options?.StartAt?.UtcDateTime,
                Tags = tags,
            },
        };

        try
        {
            // As in Durable Functions, an instance id may be reused once its instance has finished, not while it runs.
            await Service.CreateTaskOrchestrationAsync(message, RunningStatuses);
        }
        catch (CoreExceptions.OrchestrationAlreadyExistsException e)
        {
            throw new InvalidOperationException($"An orchestration with instance id '{instance.InstanceId}' is already running.", e);
        }

        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName }, cancellation);

    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        await Service.ForceTerminateTaskOrchestrationAsync(instanceId, converter.Serialize(options?.Output));
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    public override async Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        await Service.RewindTaskOrchestrationAsync(instanceId, reason);
    }

    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var existing = await GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation)
            ?? throw new ArgumentException($"No orchestration instance '{instanceId}' exists.", nameof(instanceId));
        var options = new StartOrchestrationOptions(restartWithNewInstanceId ? null : instanceId);
        if (!restartWithNewInstanceId && !IsFinished(existing))
        {
            await TerminateInstanceAsync(instanceId, new TerminateInstanceOptions("restarted"), cancellation);
            await WaitForInstanceCompletionAsync(instanceId, cancellation: cancellation);
        }

        return await ScheduleNewOrchestrationInstanceAsync(existing.Name, existing.ReadInputAs<System.Text.Json.JsonElement?>(), options, cancellation);
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        var states = await Service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs);
        return states is { Count: > 0 } ? ToMetadata(states[0], getInputsAndOutputs) : null;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            await engine.WaitUntilReadyAsync(cancellation);
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)s).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            OrchestrationQueryResult result = await Service.GetOrchestrationWithQueryAsync(query, cancellation);
            return new Page<OrchestrationMetadata>(
                result.OrchestrationState.Select(s => ToMetadata(s, query.FetchInputsAndOutputs)).ToList(),
                result.ContinuationToken);
        });

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            var instance = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
            if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                return instance;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            var instance = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
            if (IsFinished(instance))
            {
                return instance;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (instance is null)
        {
            return new PurgeResult(0);
        }

        if (!IsFinished(instance))
        {
            throw new InvalidOperationException($"Only finished orchestrations can be purged; '{instanceId}' is {instance.RuntimeStatus}.");
        }

        var result = await Service.PurgeInstanceHistoryAsync(instanceId);
        return new PurgeResult(result.InstancesDeleted);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        var result = await Service.PurgeInstanceHistoryAsync(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(s => (CoreStatus)s));
        return new PurgeResult(result.InstancesDeleted);
    }

    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        var json = await Service.GetOrchestrationHistoryAsync(instanceId, executionId: null!);
        using var events = System.Text.Json.JsonDocument.Parse(json);

        // The provider writes the events without type names, so each is read as the class its EventType names.
        return [.. events.RootElement.EnumerateArray().Select(e =>
            (HistoryEvent)DurableTask.Core.Serializing.JsonDataConverter.Default.Deserialize(e.GetRawText(), HistoryEventClass(e.GetProperty(nameof(HistoryEvent.EventType)))))];
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Finished as the management API counts it, Canceled included, which the client's IsCompleted leaves out.</summary>
    private static bool IsFinished(OrchestrationMetadata instance) => InstanceStatuses.Finished.Contains(instance.RuntimeStatus);

    private async Task SendAsync(string instanceId, HistoryEvent @event, CancellationToken cancellation)
    {
        await engine.WaitUntilReadyAsync(cancellation);
        await Service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = @event,
        });
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool withInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = withInputsAndOutputs ? converter : null,
            RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            SerializedInput = state.Input,
            SerializedOutput = state.Output,
            SerializedCustomStatus = state.Status,
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
            FailureDetails = ToFailure(state.FailureDetails) ?? FailureFromOutput(state),
        };

    /// <summary>
    /// The Azure Storage provider keeps no failure details on the instance, only its output, which for a failed
    /// instance is "ErrorType: ErrorMessage"; the worker's client gets the two apart, as over the extension's gRPC.
    /// </summary>
    private static TaskFailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != CoreStatus.Failed || state.Output is not { } output)
        {
            return null;
        }

        var separator = output.IndexOf(": ", StringComparison.Ordinal);
        var type = separator > 0 ? output[..separator] : string.Empty;
        return type.Length > 0 && !type.Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(type, output[(separator + 2)..], null, null, null)
            : new TaskFailureDetails("(unknown)", output, null, null, null);
    }

    private static Type HistoryEventClass(System.Text.Json.JsonElement eventType) =>
        (eventType.ValueKind == System.Text.Json.JsonValueKind.Number ? (EventType)eventType.GetInt32() : Enum.Parse<EventType>(eventType.GetString()!)) switch
        {
            EventType.ExecutionStarted => typeof(ExecutionStartedEvent),
            EventType.ExecutionCompleted => typeof(ExecutionCompletedEvent),
            EventType.ExecutionTerminated => typeof(ExecutionTerminatedEvent),
            EventType.ExecutionSuspended => typeof(ExecutionSuspendedEvent),
            EventType.ExecutionResumed => typeof(ExecutionResumedEvent),
            EventType.ExecutionRewound => typeof(ExecutionRewoundEvent),
            EventType.ContinueAsNew => typeof(ContinueAsNewEvent),
            EventType.TaskScheduled => typeof(TaskScheduledEvent),
            EventType.TaskCompleted => typeof(TaskCompletedEvent),
            EventType.TaskFailed => typeof(TaskFailedEvent),
            EventType.SubOrchestrationInstanceCreated => typeof(SubOrchestrationInstanceCreatedEvent),
            EventType.SubOrchestrationInstanceCompleted => typeof(SubOrchestrationInstanceCompletedEvent),
            EventType.SubOrchestrationInstanceFailed => typeof(SubOrchestrationInstanceFailedEvent),
            EventType.TimerCreated => typeof(TimerCreatedEvent),
            EventType.TimerFired => typeof(TimerFiredEvent),
            EventType.OrchestratorStarted => typeof(OrchestratorStartedEvent),
            EventType.OrchestratorCompleted => typeof(OrchestratorCompletedEvent),
            EventType.EventSent => typeof(EventSentEvent),
            EventType.EventRaised => typeof(EventRaisedEvent),
            EventType.GenericEvent => typeof(GenericEvent),
            EventType.HistoryState => typeof(HistoryStateEvent),
            var other => throw new InvalidDataException($"The task hub's history holds a {other} event, which no history class reads."),
        };

    private static TaskFailureDetails? ToFailure(CoreFailure? failure) =>
        failure is null ? null : new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, ToFailure(failure.InnerFailure), null);
}
