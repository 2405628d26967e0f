using System.Security.Cryptography;
using System.Text;
using Engage.Durable.History;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Orchestration;

/// <summary>
/// Replays an orchestrator over its history plus the events of a new episode, on one thread.
/// Actions the code takes are matched by sequence number against the scheduling events the
/// history holds; a mismatch is non-determinism and fails the instance instead of corrupting
/// it. Actions beyond the history become the episode's new events.
/// </summary>
internal sealed class OrchestrationReplay : TaskOrchestrationContext
{
    /// <summary>Durable Functions' limit, which also keeps the status row small.</summary>
    private const int MaxCustomStatusLength = 16_000;

    private readonly Func<TaskOrchestrationContext, Task<object?>> _orchestrator;
    private readonly Dictionary<int, HistoryEvent> _pastDecisions = [];
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly Dictionary<string, Queue<HistoryEvent>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<OpenTask>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _newEvents = [];
    private int _nextTaskId;
    private int _guidCounter;
    private bool _isReplaying;
    private DateTimeOffset _now;
    private string? _input;
    private string? _customStatus;
    private Task<object?>? _run;
    private string? _nonDeterminism;
    private bool _continuesAsNew;
    private string? _nextInput;

    public OrchestrationReplay(string name, string instanceId, Func<TaskOrchestrationContext, Task<object?>> orchestrator, string? customStatus)
    {
        Name = name;
        InstanceId = instanceId;
        _orchestrator = orchestrator;
        _customStatus = customStatus;
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public override bool IsReplaying => _isReplaying;

    public override DateTime CurrentUtcDateTime => _now.UtcDateTime;

    public ReplayResult Run(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> fresh)
    {
        foreach (var decision in past.Where(e => e.IsScheduling))
        {
            _pastDecisions[decision.TaskId] = decision;
        }

        var previous = SynchronizationContext.Current;
        var context = new ReplaySynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            string? terminatedReason = null;
            for (var i = 0; i < past.Count + fresh.Count && _nonDeterminism is null; i++)
            {
                var e = i < past.Count ? past[i] : fresh[i - past.Count];
                _isReplaying = i < past.Count;
                if (e.EventType == HistoryEventType.ExecutionTerminated)
                {
                    terminatedReason = e.Data ?? string.Empty;
                    break;
                }

                Apply(e);
                context.Pump();
                if (_run?.IsCompleted == true)
                {
                    break;
                }
            }

            _isReplaying = false;
            return Conclude(terminatedReason);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public override T? GetInput<T>()
        where T : default => DataConverter.Deserialize<T>(_input);

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null) =>
        WithRetry(options?.Retry, () => Schedule<TResult>(HistoryEventType.TaskScheduled, name, () =>
            HistoryEvent.TaskScheduled(_nextTaskId, name, DataConverter.Serialize(input), _now)));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var explicitId = (options as SubOrchestrationOptions)?.InstanceId;
        return WithRetry(options?.Retry, () =>
        {
            var childId = explicitId ?? $"{InstanceId}:{_nextTaskId}";
            return Schedule<TResult>(HistoryEventType.SubOrchestrationInstanceCreated, orchestratorName, () =>
                HistoryEvent.SubOrchestrationInstanceCreated(_nextTaskId, orchestratorName, childId, DataConverter.Serialize(input), _now));
        });
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var fireAtUtc = new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        var task = Schedule<object?>(HistoryEventType.TimerCreated, "timer", () => HistoryEvent.TimerCreated(_nextTaskId, fireAtUtc, _now), out var open);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => ((OpenTask<object?>)open).Cancel());
        }

        return task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        if (_bufferedEvents.TryGetValue(eventName, out var buffered) && buffered.TryDequeue(out var arrived))
        {
            return Task.FromResult(DataConverter.Deserialize<T>(arrived.Data)!);
        }

        var waiter = new OpenTask<T>(eventName);
        var waiters = _eventWaiters.TryGetValue(eventName, out var list) ? list : _eventWaiters[eventName] = new LinkedList<OpenTask>();
        var node = waiters.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                }

                waiter.Cancel();
            });
        }

        return waiter.Task;
    }

    public override void SetCustomStatus(object? customStatus)
    {
        var json = DataConverter.Serialize(customStatus);
        if (json?.Length > MaxCustomStatusLength)
        {
            throw new ArgumentException($"Custom status is {json.Length} characters of JSON; at most {MaxCustomStatusLength} are kept.", nameof(customStatus));
        }

        _customStatus = json;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        _continuesAsNew = true;
        _nextInput = DataConverter.Serialize(newInput);
    }

    public override Guid NewGuid()
    {
        // A name-based (version 5 style) GUID from values that are identical on every replay.
        var name = $"{InstanceId}_{_now.UtcTicks}_{_guidCounter++}";
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public override ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(this, logger);

    private void Apply(HistoryEvent e)
    {
        switch (e.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                _now = e.Timestamp;
                break;
            case HistoryEventType.ExecutionStarted:
                _input = e.Data;
                _run = InvokeOrchestratorAsync();
                break;
            case HistoryEventType.TaskCompleted or HistoryEventType.TimerFired or HistoryEventType.SubOrchestrationInstanceCompleted:
                if (_open.Remove(e.TaskId, out var completed))
                {
                    completed.Complete(e.Data);
                }

                break;
            case HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceFailed:
                if (_open.Remove(e.TaskId, out var failed))
                {
                    failed.Fail(new TaskFailedException(failed.Name, e.TaskId, e.Failure ?? new TaskFailureDetails("Unknown", "The task failed.")));
                }

                break;
            case HistoryEventType.EventRaised:
                DeliverEvent(e);
                break;
        }
    }

    private void DeliverEvent(HistoryEvent e)
    {
        var name = e.Name ?? string.Empty;
        if (_eventWaiters.TryGetValue(name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.Complete(e.Data);
            return;
        }

        var queue = _bufferedEvents.TryGetValue(name, out var existing) ? existing : _bufferedEvents[name] = new Queue<HistoryEvent>();
        queue.Enqueue(e);
    }

    private Task<TResult> Schedule<TResult>(HistoryEventType type, string name, Func<HistoryEvent> create) =>
        Schedule<TResult>(type, name, create, out _);

    private Task<TResult> Schedule<TResult>(HistoryEventType type, string name, Func<HistoryEvent> create, out OpenTask open)
    {
        var taskId = _nextTaskId;
        var typed = new OpenTask<TResult>(name);
        open = typed;
        if (_pastDecisions.Remove(taskId, out var past))
        {
            if (past.EventType != type || !string.Equals(past.Name ?? "timer", name, StringComparison.Ordinal))
            {
                _nonDeterminism ??=
                    $"Non-deterministic orchestrator: history has {Describe(past)} as action #{taskId}, but the code now schedules {type} '{name}'.";
            }
        }
        else
        {
            _newEvents.Add(create());
        }

        _nextTaskId++;
        _open[taskId] = typed;
        return typed.Task;
    }

    private async Task<TResult> WithRetry<TResult>(RetryPolicy? retry, Func<Task<TResult>> attempt)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException e) when (retry is not null && number < retry.MaxNumberOfAttempts && retry.Handle(e.FailureDetails))
            {
                await CreateTimer(CurrentUtcDateTime.Add(retry.DelayBefore(number + 1)), CancellationToken.None);
            }
        }
    }

    private async Task<object?> InvokeOrchestratorAsync() => await _orchestrator(this);

    private ReplayResult Conclude(string? terminatedReason)
    {
        if (_nonDeterminism is null && _pastDecisions.Count > 0 && terminatedReason is null)
        {
            var missing = _pastDecisions.Values.OrderBy(e => e.TaskId).First();
            _nonDeterminism = $"Non-deterministic orchestrator: history has {Describe(missing)} as action #{missing.TaskId}, but the code no longer schedules it.";
        }

        if (_nonDeterminism is not null)
        {
            return Ended(OrchestrationRuntimeStatus.Failed, null, new TaskFailureDetails(typeof(NonDeterministicOrchestrationException).FullName!, _nonDeterminism), keepNewEvents: false);
        }

        if (terminatedReason is not null)
        {
            return Ended(OrchestrationRuntimeStatus.Terminated, DataConverter.Serialize(terminatedReason), null, keepNewEvents: false);
        }

        if (_run is not { IsCompleted: true } run)
        {
            return new ReplayResult { NewEvents = _newEvents, Status = OrchestrationRuntimeStatus.Running, CustomStatus = _customStatus };
        }

        if (run.IsFaulted || run.IsCanceled)
        {
            var error = run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was canceled.");
            return Ended(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(error), keepNewEvents: true);
        }

        if (_continuesAsNew)
        {
            return Ended(OrchestrationRuntimeStatus.ContinuedAsNew, _nextInput, null, keepNewEvents: true);
        }

        return Ended(OrchestrationRuntimeStatus.Completed, DataConverter.Serialize(run.Result), null, keepNewEvents: true);
    }

    private ReplayResult Ended(OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure, bool keepNewEvents)
    {
        // Actions scheduled in the same episode the orchestration ends are still sent (fire and
        // forget), as Durable does; after non-determinism or termination nothing new is sent.
        var events = keepNewEvents ? new List<HistoryEvent>(_newEvents) : [];
        var completed = HistoryEvent.ExecutionCompleted(status, output, failure, _now) with { Name = Name };
        events.Add(status == OrchestrationRuntimeStatus.ContinuedAsNew ? completed with { ExecutionId = Guid.NewGuid().ToString("N") } : completed);
        return new ReplayResult { NewEvents = events, Status = status, CustomStatus = _customStatus };
    }

    private static string Describe(HistoryEvent e) => $"{e.EventType} '{e.Name ?? "timer"}'";
}
