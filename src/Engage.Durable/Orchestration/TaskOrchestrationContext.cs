using Microsoft.Extensions.Logging;

namespace Engage.Durable.Orchestration;

/// <summary>
/// What orchestrator code sees, named as in Durable Functions' isolated worker. Orchestrators
/// are replayed from history, so they must be deterministic: take time, ids and randomness from
/// this context and await only the tasks it hands out.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>True while the code re-runs over history it already produced.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The deterministic clock: the time the current episode started.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    public abstract T? GetInput<T>();

    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>A durable timer: it survives restarts and fires at <paramref name="fireAt"/> (UTC).</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an event raised to this instance; events that arrived earlier are buffered.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for an event for at most <paramref name="timeout"/>; throws
    /// <see cref="TaskCanceledException"/> when it does not come in time.
    /// </summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        // Cancel synchronously: CancelAsync would run the callbacks off the replay thread.
        using var cancelTimer = new CancellationTokenSource();
        using var cancelWait = new CancellationTokenSource();
        var eventTask = WaitForExternalEvent<T>(eventName, cancelWait.Token);
        var timerTask = CreateTimer(timeout, cancelTimer.Token);
        if (await Task.WhenAny(eventTask, timerTask) == eventTask)
        {
            cancelTimer.Cancel();
            return await eventTask;
        }

        cancelWait.Cancel();
        throw new TaskCanceledException($"External event '{eventName}' did not arrive within {timeout}.");
    }

    /// <summary>A small JSON-serializable value shown in the instance status while it runs.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Ends this execution and starts a fresh one with <paramref name="newInput"/> and an empty history.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that stays silent while the code replays, so each line is written once.</summary>
    public abstract ILogger CreateReplaySafeLogger(ILogger logger);
}
