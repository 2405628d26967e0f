using System.Text.Json.Serialization;
using Engage.Durable.Orchestration;

namespace Engage.Durable.History;

/// <summary>
/// One event of an orchestration's append-only history, and also the unit carried by control
/// messages. A flat record rather than a class per kind keeps storage and the wire format one
/// simple JSON shape; the factory methods say which fields each kind uses.
/// </summary>
public sealed record HistoryEvent
{
    public required HistoryEventType EventType { get; init; }

    /// <summary>When the event was created (for OrchestratorStarted: the episode's deterministic clock).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// For scheduling events (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated) the
    /// sequence number the orchestrator gave the action; for their completions, the sequence
    /// number they complete.
    /// </summary>
    public int TaskId { get; init; } = -1;

    /// <summary>Activity, orchestrator or external event name.</summary>
    public string? Name { get; init; }

    /// <summary>Serialized JSON input, result or event payload; moved to the payload store when large.</summary>
    public string? Data { get; init; }

    /// <summary>Reference to <see cref="Data"/> in the payload store when it was too large to carry inline.</summary>
    public string? DataRef { get; init; }

    public DateTimeOffset? FireAt { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    /// <summary>ExecutionStarted: the execution; SubOrchestrationInstanceCreated: the child's instance id.</summary>
    public string? InstanceId { get; init; }

    public string? ExecutionId { get; init; }

    /// <summary>ExecutionStarted of a sub-orchestration: where to report completion.</summary>
    public ParentInstance? Parent { get; init; }

    /// <summary>EventRaised: a unique id so a redelivered event is applied once.</summary>
    public string? EventKey { get; init; }

    /// <summary>ExecutionCompleted: how the execution ended.</summary>
    public OrchestrationRuntimeStatus? Status { get; init; }

    /// <summary>ExecutionCompleted by ContinueAsNew: raised events not yet consumed, handed to the next execution.</summary>
    public IReadOnlyList<HistoryEvent>? CarriedEvents { get; init; }

    [JsonIgnore]
    public bool IsScheduling => EventType is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationInstanceCreated;

    /// <summary>Whether this event ends the action a scheduling event started; <see cref="TaskId"/> says which.</summary>
    [JsonIgnore]
    public bool IsCompletion => EventType is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired
        or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed;

    public static HistoryEvent OrchestratorStarted(DateTimeOffset now) => new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now };

    public static HistoryEvent ExecutionStarted(string name, string instanceId, string executionId, string? input, ParentInstance? parent, DateTimeOffset now) => new()
    {
        EventType = HistoryEventType.ExecutionStarted,
        Name = name,
        InstanceId = instanceId,
        ExecutionId = executionId,
        Data = input,
        Parent = parent,
        Timestamp = now,
    };

    public static HistoryEvent TaskScheduled(int taskId, string name, string? input, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.TaskScheduled, TaskId = taskId, Name = name, Data = input, Timestamp = now };

    public static HistoryEvent TaskCompleted(int taskId, string? result, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.TaskCompleted, TaskId = taskId, Data = result, Timestamp = now };

    public static HistoryEvent TaskFailed(int taskId, TaskFailureDetails failure, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.TaskFailed, TaskId = taskId, Failure = failure, Timestamp = now };

    public static HistoryEvent TimerCreated(int taskId, DateTimeOffset fireAt, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.TimerCreated, TaskId = taskId, FireAt = fireAt, Timestamp = now };

    public static HistoryEvent TimerFired(int taskId, DateTimeOffset fireAt, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.TimerFired, TaskId = taskId, FireAt = fireAt, Timestamp = now };

    public static HistoryEvent EventRaised(string name, string? payload, string eventKey, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.EventRaised, Name = name, Data = payload, EventKey = eventKey, Timestamp = now };

    public static HistoryEvent SubOrchestrationInstanceCreated(int taskId, string name, string instanceId, string? input, DateTimeOffset now) => new()
    {
        EventType = HistoryEventType.SubOrchestrationInstanceCreated,
        TaskId = taskId,
        Name = name,
        InstanceId = instanceId,
        Data = input,
        Timestamp = now,
    };

    public static HistoryEvent SubOrchestrationInstanceCompleted(int taskId, string? result, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.SubOrchestrationInstanceCompleted, TaskId = taskId, Data = result, Timestamp = now };

    public static HistoryEvent SubOrchestrationInstanceFailed(int taskId, TaskFailureDetails failure, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.SubOrchestrationInstanceFailed, TaskId = taskId, Failure = failure, Timestamp = now };

    public static HistoryEvent ExecutionTerminated(string? reason, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.ExecutionTerminated, Data = reason, Timestamp = now };

    public static HistoryEvent ExecutionCompleted(OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure, DateTimeOffset now) =>
        new() { EventType = HistoryEventType.ExecutionCompleted, Status = status, Data = output, Failure = failure, Timestamp = now };
}
