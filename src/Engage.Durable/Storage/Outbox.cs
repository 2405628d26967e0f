using System.Text.Json;
using Engage.Durable.History;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Storage;

/// <summary>
/// Derives the messages an episode must send from the events it committed. Because the
/// messages follow from committed history, a worker that finds an episode's messages possibly
/// unsent (after a crash) simply derives and sends them again; receivers drop duplicates by
/// event identity.
/// </summary>
internal sealed class Outbox(TaskHub hub, TimeProvider timeProvider)
{
    /// <summary>Room left for envelope and Base64 growth under the queue's 64 KiB limit.</summary>
    private const int MaxMessageChars = 40_000;

    public List<OutboundMessage> Build(string instanceId, string executionId, ParentInstance? parent, IEnumerable<HistoryEvent> events)
    {
        var messages = new List<OutboundMessage>();
        var activities = new List<HistoryEvent>();
        var now = timeProvider.GetUtcNow();
        foreach (var e in events)
        {
            switch (e.EventType)
            {
                case HistoryEventType.TaskScheduled:
                    activities.Add(e);
                    break;
                case HistoryEventType.TimerCreated:
                    var fireAt = e.FireAt!.Value;
                    messages.Add(Control(instanceId, executionId, [HistoryEvent.TimerFired(e.TaskId, fireAt, now)], fireAt - now));
                    break;
                case HistoryEventType.SubOrchestrationInstanceCreated:
                    var child = e.InstanceId!;
                    var start = HistoryEvent.ExecutionStarted(e.Name!, child, $"{executionId}:{e.TaskId}", e.Data, new ParentInstance(instanceId, executionId, e.TaskId), now)
                        with
                    { DataRef = e.DataRef };
                    messages.Add(Control(child, null, [start], TimeSpan.Zero));
                    break;
                case HistoryEventType.ExecutionCompleted:
                    messages.AddRange(Completion(instanceId, parent, e, now));
                    break;
            }
        }

        messages.AddRange(WorkItems(instanceId, executionId, activities));
        return messages;
    }

    /// <summary>
    /// A timer further out than a queue message can wait (or one sent before its clock caught up)
    /// arrives early: this puts its message back on the queue for the remaining time and says so,
    /// so the caller treats this delivery as done instead of firing the timer.
    /// </summary>
    public async Task<bool> DeferIfEarlyAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var latest = message.Events
            .Where(e => e.EventType == HistoryEventType.TimerFired && e.FireAt > now)
            .Select(e => e.FireAt!.Value)
            .DefaultIfEmpty()
            .Max();
        if (latest == default)
        {
            return false;
        }

        await Control(message.InstanceId, message.ExecutionId, message.Events, latest - now).SendAsync(cancellationToken);
        return true;
    }

    public OutboundMessage Control(string instanceId, string? executionId, IReadOnlyList<HistoryEvent> events, TimeSpan delay) =>
        new(hub.ControlQueueFor(instanceId), MessageCodec.Encode(new ControlMessage(instanceId, executionId, events)), delay);

    /// <summary>Completion events for an instance, packed into as few messages as fit.</summary>
    public IEnumerable<OutboundMessage> Controls(string instanceId, string? executionId, IReadOnlyList<HistoryEvent> events) =>
        Pack(events, int.MaxValue).Select(batch => Control(instanceId, executionId, batch, TimeSpan.Zero));

    private IEnumerable<OutboundMessage> Completion(string instanceId, ParentInstance? parent, HistoryEvent completed, DateTimeOffset now)
    {
        if (completed.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            var restart = HistoryEvent.ExecutionStarted(completed.Name ?? string.Empty, instanceId, completed.ExecutionId!, completed.Data, parent, now) with { DataRef = completed.DataRef };
            yield return Control(instanceId, null, [restart, .. completed.CarriedEvents ?? []], TimeSpan.Zero);
        }
        else if (parent is not null)
        {
            var outcome = completed.Status == OrchestrationRuntimeStatus.Completed
                ? HistoryEvent.SubOrchestrationInstanceCompleted(parent.TaskId, completed.Data, now) with { DataRef = completed.DataRef }
                : HistoryEvent.SubOrchestrationInstanceFailed(
                    parent.TaskId,
                    completed.Failure ?? new TaskFailureDetails("OrchestrationTerminated", $"Sub-orchestration '{instanceId}' ended as {completed.Status}."),
                    now);
            yield return Control(parent.InstanceId, parent.ExecutionId, [outcome], TimeSpan.Zero);
        }
    }

    private IEnumerable<OutboundMessage> WorkItems(string instanceId, string executionId, List<HistoryEvent> activities) =>
        Pack(activities, hub.Options.ActivityBatchSize)
            .Select(batch => new OutboundMessage(hub.WorkItems, MessageCodec.Encode(new WorkItemMessage(instanceId, executionId, batch)), TimeSpan.Zero));

    private static IEnumerable<List<HistoryEvent>> Pack(IEnumerable<HistoryEvent> events, int maxPerMessage)
    {
        var batch = new List<HistoryEvent>();
        var chars = 0;
        foreach (var e in events)
        {
            var size = JsonSerializer.Serialize(e, DataConverter.Options).Length;
            if (batch.Count > 0 && (batch.Count == maxPerMessage || chars + size > MaxMessageChars))
            {
                yield return batch;
                batch = [];
                chars = 0;
            }

            batch.Add(e);
            chars += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
