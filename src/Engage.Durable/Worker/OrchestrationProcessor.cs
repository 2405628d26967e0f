using Engage.Durable.History;
using Engage.Durable.Orchestration;
using Engage.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Worker;

/// <summary>
/// Runs one episode of one instance: takes every waiting event, drops duplicates by event
/// identity, replays the orchestrator, commits the new history with the status row last (the
/// commit point), then sends the messages the new events imply.
/// </summary>
internal sealed partial class OrchestrationProcessor(
    InstanceStore store,
    PayloadStore payloads,
    Outbox outbox,
    InstanceCache cache,
    DurableTaskRegistry registry,
    IServiceProvider services,
    EngineHooks hooks,
    TimeProvider timeProvider,
    ILogger<OrchestrationProcessor> logger)
{
    private const int MaxConflictRetries = 10;

    /// <param name="redelivered">
    /// Some message was delivered before and not deleted: the worker that took it may have died
    /// after committing but before sending, so unconfirmed outbound messages are sent again.
    /// </param>
    public async Task<DispatchOutcome> ProcessAsync(string instanceId, IReadOnlyList<ControlMessage> messages, string? poisonReason, bool redelivered, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = cache.Get(instanceId) ?? await store.LoadAsync(instanceId, cancellationToken);
            try
            {
                return await RunEpisodeAsync(instanceId, state, messages, poisonReason, redelivered, cancellationToken);
            }
            catch (Exception e) when (e is ConcurrencyConflictException or StaleCacheException && attempt < MaxConflictRetries)
            {
                cache.Remove(instanceId);
                LogRetry(instanceId, attempt, e.Message);
            }
            catch
            {
                cache.Remove(instanceId);
                throw;
            }
        }
    }

    private async Task<DispatchOutcome> RunEpisodeAsync(string instanceId, InstanceState? state, IReadOnlyList<ControlMessage> messages, string? poisonReason, bool redelivered, CancellationToken cancellationToken)
    {
        var incoming = messages.SelectMany(m => m.Events.Select(e => (m.ExecutionId, Event: e))).ToList();
        var start = incoming.Select(x => x.Event).LastOrDefault(e => e.EventType == HistoryEventType.ExecutionStarted);

        if (state is null)
        {
            if (start is null)
            {
                LogOrphan(instanceId, incoming.Count);
                return poisonReason is null ? DispatchOutcome.RetryLater : DispatchOutcome.Done;
            }

            state = NewExecution(instanceId, start, generation: 0, previous: null);
        }
        else if (start is not null && start.ExecutionId != state.Status.ExecutionId && HasEnded(state.Status))
        {
            state = NewExecution(instanceId, start, state.Status.Generation + 1, state.Status);
        }

        if (redelivered)
        {
            await ResendUnsentOutboxAsync(state, cancellationToken);
        }

        var status = state.Status;
        var fresh = SelectNewEvents(state, incoming);
        if (fresh.Count == 0)
        {
            return DispatchOutcome.Done;
        }

        if (HasEnded(status))
        {
            // Late completions of a finished instance are dropped; a cached copy might just be old.
            return state.FromCache ? throw new StaleCacheException() : DispatchOutcome.Done;
        }

        if (!state.History.Concat(fresh).Any(e => e.EventType == HistoryEventType.ExecutionStarted))
        {
            // The client wrote the Pending row but its start message has not been processed yet.
            return poisonReason is null ? DispatchOutcome.RetryLater : DispatchOutcome.Done;
        }

        var now = timeProvider.GetUtcNow();
        var resolved = new List<HistoryEvent>(fresh.Count);
        foreach (var e in fresh)
        {
            resolved.Add(await payloads.ResolveAsync(instanceId, e, cancellationToken));
        }

        var result = poisonReason is not null
            ? Failed(status.Name, new TaskFailureDetails("PoisonMessage", poisonReason), now)
            : Replay(status, state.History, [HistoryEvent.OrchestratorStarted(now), .. resolved]);

        var decided = new List<HistoryEvent>(result.NewEvents.Count);
        foreach (var e in result.NewEvents)
        {
            decided.Add(await payloads.OffloadAsync(instanceId, e, cancellationToken));
        }

        List<HistoryEvent> stored = [HistoryEvent.OrchestratorStarted(now), .. fresh, .. decided];
        var next = NextStatus(status, result, decided, stored.Count, state.SentThrough >= status.HistoryLength, now);
        var previousLength = status.HistoryLength;
        next.ETag = await store.CommitAsync(next, previousLength, stored, cancellationToken);

        state.Status = next;
        state.History.AddRange([HistoryEvent.OrchestratorStarted(now), .. resolved, .. result.NewEvents]);
        state.FromCache = false;
        cache.Set(instanceId, state);
        LogEpisode(instanceId, fresh.Count, decided.Count, next.RuntimeStatus);
        await hooks.At(CrashPoint.AfterCommitBeforeSend, instanceId, cancellationToken);

        var earlierUnsent = state.SentThrough < status.HistoryLength;
        await SendAsync(outbox.Build(instanceId, next.ExecutionId, ParentOf(state.History), decided), cancellationToken);
        state.SentThrough = earlierUnsent ? state.SentThrough : next.HistoryLength;

        if (previousLength == 0 && next.Generation > 0)
        {
            await DeleteEarlierGenerationsAsync(instanceId, next.Generation, cancellationToken);
        }

        return DispatchOutcome.Done;
    }

    private ReplayResult Replay(InstanceStatusEntity status, List<HistoryEvent> history, List<HistoryEvent> episode)
    {
        if (!registry.TryGetOrchestrator(status.Name, out var orchestrator))
        {
            return Failed(status.Name, new TaskFailureDetails("OrchestratorNotFound", $"No orchestrator named '{status.Name}' is registered with this worker."), episode[0].Timestamp);
        }

        var replay = new OrchestrationReplay(status.Name, status.PartitionKey, context => orchestrator(services, context), status.CustomStatus);
        return replay.Run(history, episode);
    }

    private static ReplayResult Failed(string name, TaskFailureDetails failure, DateTimeOffset now) => new()
    {
        NewEvents = [HistoryEvent.ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure, now) with { Name = name }],
        Status = OrchestrationRuntimeStatus.Failed,
    };

    /// <summary>
    /// Keeps the events this instance has not applied yet: one start per execution, one
    /// completion per scheduled task, one delivery per raised event.
    /// </summary>
    private static List<HistoryEvent> SelectNewEvents(InstanceState state, List<(string? ExecutionId, HistoryEvent Event)> incoming)
    {
        var executionId = state.Status.ExecutionId;
        var scheduled = new HashSet<int>();
        var completed = new HashSet<int>();
        var eventKeys = new HashSet<string>(StringComparer.Ordinal);
        var started = false;
        foreach (var e in state.History)
        {
            if (e.IsScheduling)
            {
                scheduled.Add(e.TaskId);
                continue;
            }

            if (e.IsCompletion)
            {
                completed.Add(e.TaskId);
                continue;
            }

            switch (e.EventType)
            {
                case HistoryEventType.EventRaised when e.EventKey is not null:
                    eventKeys.Add(e.EventKey);
                    break;
                case HistoryEventType.ExecutionStarted:
                    started = true;
                    break;
            }
        }

        var fresh = new List<HistoryEvent>();
        foreach (var (messageExecutionId, e) in incoming)
        {
            if (messageExecutionId is not null && messageExecutionId != executionId)
            {
                if (state.FromCache)
                {
                    throw new StaleCacheException();
                }

                continue;
            }

            if (e.IsCompletion && !scheduled.Contains(e.TaskId) && state.FromCache)
            {
                // Another worker may have scheduled it since this copy was cached.
                throw new StaleCacheException();
            }

            var isNew = e.EventType switch
            {
                HistoryEventType.ExecutionStarted => !started && e.ExecutionId == executionId && (started = true),
                _ when e.IsCompletion => scheduled.Contains(e.TaskId) && completed.Add(e.TaskId),
                HistoryEventType.EventRaised => e.EventKey is null || eventKeys.Add(e.EventKey),
                HistoryEventType.ExecutionTerminated => true,
                _ => false,
            };
            if (isNew)
            {
                fresh.Add(e);
            }
        }

        return fresh;
    }

    private static InstanceState NewExecution(string instanceId, HistoryEvent start, int generation, InstanceStatusEntity? previous)
    {
        var status = new InstanceStatusEntity
        {
            PartitionKey = instanceId,
            ETag = previous?.ETag ?? default,
            Name = start.Name ?? string.Empty,
            ExecutionId = start.ExecutionId!,
            Generation = generation,
            Input = start.Data,
            InputRef = start.DataRef,
            CreatedTime = start.Timestamp,
            LastUpdatedTime = start.Timestamp,
        };
        return new InstanceState(status, []);
    }

    /// <param name="earlierSent">
    /// Whether this worker knows the messages of earlier episodes were sent. If not (it read
    /// the instance fresh), the unconfirmed range keeps its start, so a later redelivery still
    /// re-sends them.
    /// </param>
    private static InstanceStatusEntity NextStatus(InstanceStatusEntity status, ReplayResult result, List<HistoryEvent> decided, int appended, bool earlierSent, DateTimeOffset now)
    {
        var next = status.Clone();
        next.RuntimeStatus = result.Status.ToString();
        next.CustomStatus = result.CustomStatus;
        next.LastUpdatedTime = now;
        next.OutboxFrom = earlierSent ? status.HistoryLength : status.OutboxFrom;
        next.HistoryLength = status.HistoryLength + appended;
        if (result.Status != OrchestrationRuntimeStatus.Running)
        {
            var completed = decided[^1];
            next.Output = result.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? null : completed.Data;
            next.OutputRef = result.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? null : completed.DataRef;
            next.Failure = completed.Failure is null ? null : DataConverter.Serialize(completed.Failure);
        }

        return next;
    }

    private async Task ResendUnsentOutboxAsync(InstanceState state, CancellationToken cancellationToken)
    {
        if (state.SentThrough >= state.Status.HistoryLength)
        {
            return;
        }

        var unsent = new List<HistoryEvent>();
        foreach (var e in state.History.Skip(state.Status.OutboxFrom))
        {
            unsent.Add(await payloads.OffloadAsync(state.Status.PartitionKey, e, cancellationToken));
        }

        LogResend(state.Status.PartitionKey, unsent.Count);
        await SendAsync(outbox.Build(state.Status.PartitionKey, state.Status.ExecutionId, ParentOf(state.History), unsent), cancellationToken);
        state.SentThrough = state.Status.HistoryLength;
    }

    private static async Task SendAsync(List<OutboundMessage> messages, CancellationToken cancellationToken) =>
        await Task.WhenAll(messages.Select(m => m.SendAsync(cancellationToken)));

    private async Task DeleteEarlierGenerationsAsync(string instanceId, int generation, CancellationToken cancellationToken)
    {
        var current = HistoryRow.GenerationPrefix(generation);
        try
        {
            await store.DeletePartitionAsync(
                store.Table,
                instanceId,
                row => row.RowKey == InstanceStatusEntity.StatusRowKey || row.RowKey.StartsWith(current, StringComparison.Ordinal),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Old rows are invisible to the current execution; purge removes them later anyway.
            LogCleanupFailed(instanceId, e);
        }
    }

    private static ParentInstance? ParentOf(List<HistoryEvent> history) =>
        history.FirstOrDefault(e => e.EventType == HistoryEventType.ExecutionStarted)?.Parent;

    private static bool HasEnded(InstanceStatusEntity status) =>
        Enum.TryParse<OrchestrationRuntimeStatus>(status.RuntimeStatus, out var s) && (s.IsTerminal() || s == OrchestrationRuntimeStatus.ContinuedAsNew);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Instance {InstanceId}: episode applied {Applied} events, decided {Decided}, now {Status}")]
    private partial void LogEpisode(string instanceId, int applied, int decided, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Instance {InstanceId}: retrying episode (attempt {Attempt}): {Reason}")]
    private partial void LogRetry(string instanceId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId} does not exist; {Count} events wait for it to start")]
    private partial void LogOrphan(string instanceId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId}: re-sending the messages of {Count} events whose sending was not confirmed")]
    private partial void LogResend(string instanceId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId}: could not delete the history of earlier executions")]
    private partial void LogCleanupFailed(string instanceId, Exception exception);
}
