using System.Text.Json.Nodes;
using DurableTask.Core.History;
using CoreFailure = DurableTask.Core.FailureDetails;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// An instance's history as Durable Functions' status API shows it (<c>showHistory=true</c>): PascalCase items in
/// history order; the replay markers (OrchestratorStarted, OrchestratorCompleted) left out; a finished activity or
/// sub-orchestration shown once, at its completion, with the <c>FunctionName</c>, <c>ScheduledTime</c> and input of
/// its scheduling event. Inputs keep the serialized text they were stored as and are shown only with
/// <c>showInput</c>; results are JSON values, shown only with <c>showHistoryOutput</c>. Failures carry type and
/// message down the chain of causes; stack traces stay in the function logs.
/// </summary>
public static class HistoryPayload
{
    public static JsonArray From(IEnumerable<HistoryEvent> history, bool showHistoryOutput, bool showInput)
    {
        var events = history.ToList();
        var scheduling = new Dictionary<(EventType, int), HistoryEvent>();
        var answered = new HashSet<(EventType, int)>();
        foreach (var e in events)
        {
            if (e.EventType is EventType.TaskScheduled or EventType.SubOrchestrationInstanceCreated)
            {
                scheduling[(e.EventType, e.EventId)] = e;
            }
            else if (SchedulingOf(e) is { } key)
            {
                answered.Add(key);
            }
        }

        var shown = new Shown(scheduling, showHistoryOutput, showInput);
        var items = new JsonArray();
        foreach (var e in events)
        {
            var hidden = e.EventType is EventType.OrchestratorStarted or EventType.OrchestratorCompleted
                || answered.Contains((e.EventType, e.EventId));
            if (!hidden)
            {
                items.Add(shown.Item(e));
            }
        }

        return items;
    }

    /// <summary>The scheduling event a completion answers, by its type and id.</summary>
    private static (EventType, int)? SchedulingOf(HistoryEvent e) => e switch
    {
        TaskCompletedEvent c => (EventType.TaskScheduled, c.TaskScheduledId),
        TaskFailedEvent f => (EventType.TaskScheduled, f.TaskScheduledId),
        SubOrchestrationInstanceCompletedEvent c => (EventType.SubOrchestrationInstanceCreated, c.TaskScheduledId),
        SubOrchestrationInstanceFailedEvent f => (EventType.SubOrchestrationInstanceCreated, f.TaskScheduledId),
        _ => null,
    };

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();

    private static JsonObject? Failure(CoreFailure? failure)
    {
        if (failure is null)
        {
            return null;
        }

        var item = new JsonObject { ["ErrorType"] = failure.ErrorType, ["ErrorMessage"] = failure.ErrorMessage };
        if (Failure(failure.InnerFailure) is { } inner)
        {
            item["InnerFailure"] = inner;
        }

        return item;
    }

    private sealed class Shown(Dictionary<(EventType, int), HistoryEvent> scheduling, bool showHistoryOutput, bool showInput)
    {
        public JsonObject Item(HistoryEvent e)
        {
            var item = new JsonObject { ["EventType"] = e.EventType.ToString(), ["Timestamp"] = Utc(e.Timestamp) };
            foreach (var (name, value) in Fields(e))
            {
                item[name] = value;
            }

            return item;
        }

        private IEnumerable<(string Name, JsonNode? Value)> Fields(HistoryEvent e) => e switch
        {
            ExecutionStartedEvent started => [("FunctionName", started.Name), .. Input(started.Input)],
            TaskScheduledEvent task => [("Name", task.Name), .. Input(task.Input)],
            SubOrchestrationInstanceCreatedEvent sub => [("Name", sub.Name), ("InstanceId", sub.InstanceId), .. Input(sub.Input)],
            TaskCompletedEvent or SubOrchestrationInstanceCompletedEvent => [.. ScheduledBy(e), .. Result(ResultOf(e))],
            TaskFailedEvent failed => [.. ScheduledBy(e), ("Reason", failed.Reason), ("FailureDetails", Failure(failed.FailureDetails))],
            SubOrchestrationInstanceFailedEvent failed => [.. ScheduledBy(e), ("Reason", failed.Reason), ("FailureDetails", Failure(failed.FailureDetails))],
            TimerCreatedEvent timer => [("FireAt", Utc(timer.FireAt))],
            TimerFiredEvent timer => [("FireAt", Utc(timer.FireAt))],
            EventRaisedEvent raised => [("Name", raised.Name), .. Input(raised.Input)],
            EventSentEvent sent => [("InstanceId", sent.InstanceId), ("Name", sent.Name), .. Input(sent.Input)],
            ExecutionCompletedEvent completed =>
                [("OrchestrationStatus", completed.OrchestrationStatus.ToString()), .. Result(completed.Result), ("FailureDetails", Failure(completed.FailureDetails))],
            ExecutionTerminatedEvent terminated => Input(terminated.Input),
            ExecutionSuspendedEvent suspended => [("Reason", suspended.Reason)],
            ExecutionResumedEvent resumed => [("Reason", resumed.Reason)],
            _ => [],
        };

        private static string? ResultOf(HistoryEvent e) => e switch
        {
            TaskCompletedEvent task => task.Result,
            SubOrchestrationInstanceCompletedEvent sub => sub.Result,
            _ => null,
        };

        private IEnumerable<(string, JsonNode?)> ScheduledBy(HistoryEvent e)
        {
            if (SchedulingOf(e) is not { } key || !scheduling.TryGetValue(key, out var start))
            {
                return [];
            }

            var (name, input) = start switch
            {
                TaskScheduledEvent task => (task.Name, task.Input),
                SubOrchestrationInstanceCreatedEvent sub => (sub.Name, sub.Input),
                _ => (null, null),
            };
            return [("FunctionName", name), ("ScheduledTime", Utc(start.Timestamp)), .. Input(input)];
        }

        private IEnumerable<(string, JsonNode?)> Input(string? input) => showInput ? [("Input", input)] : [];

        private IEnumerable<(string, JsonNode?)> Result(string? result) => showHistoryOutput ? [("Result", JsonText.Parse(result))] : [];
    }
}
