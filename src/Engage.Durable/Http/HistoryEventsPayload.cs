using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Durable.History;

namespace Engage.Durable.Http;

/// <summary>
/// An instance's history as Durable Functions' status API shows it: PascalCase items, replay markers
/// (OrchestratorStarted) left out, and each finished activity or sub-orchestration as one item at its
/// completion that carries the <c>FunctionName</c> and <c>ScheduledTime</c> of its scheduling event.
/// Inputs are never shown and results only with showHistoryOutput, as in Durable.
/// </summary>
internal static class HistoryEventsPayload
{
    /// <summary>Property names as declared (PascalCase), like the rest of a history item.</summary>
    private static readonly JsonSerializerOptions PascalCase = new();

    public static JsonArray Create(IReadOnlyList<HistoryEvent> history, bool showHistoryOutput)
    {
        var scheduled = new Dictionary<int, HistoryEvent>();
        var finished = new HashSet<int>();
        foreach (var e in history)
        {
            if (e.EventType is HistoryEventType.TaskScheduled or HistoryEventType.SubOrchestrationInstanceCreated)
            {
                scheduled[e.TaskId] = e;
            }
            else if (e.EventType is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed
                     or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed)
            {
                finished.Add(e.TaskId);
            }
        }

        var items = new JsonArray();
        foreach (var e in history)
        {
            if (ToItem(e, scheduled, finished, showHistoryOutput) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    private static JsonObject? ToItem(HistoryEvent e, Dictionary<int, HistoryEvent> scheduled, HashSet<int> finished, bool showHistoryOutput) => e.EventType switch
    {
        HistoryEventType.OrchestratorStarted => null,
        HistoryEventType.TaskScheduled or HistoryEventType.SubOrchestrationInstanceCreated when finished.Contains(e.TaskId) => null,
        HistoryEventType.ExecutionStarted => Item(e, ("FunctionName", e.Name)),
        HistoryEventType.TaskScheduled or HistoryEventType.EventRaised => Item(e, ("Name", e.Name)),
        HistoryEventType.SubOrchestrationInstanceCreated => Item(e, ("Name", e.Name), ("InstanceId", e.InstanceId)),
        HistoryEventType.TaskCompleted or HistoryEventType.SubOrchestrationInstanceCompleted =>
            Item(e, [.. Result(e, showHistoryOutput), .. ScheduledBy(e, scheduled)]),
        HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceFailed =>
            Item(e, [("Reason", e.Failure?.ErrorMessage), .. Details(e), .. ScheduledBy(e, scheduled)]),
        HistoryEventType.TimerCreated or HistoryEventType.TimerFired => Item(e, ("FireAt", e.FireAt?.UtcDateTime)),
        HistoryEventType.ExecutionCompleted =>
            Item(e, [("OrchestrationStatus", e.Status?.ToString()), .. Result(e, showHistoryOutput), .. Details(e)]),

        // ExecutionTerminated: Durable shows neither the reason nor anything else; the status output has the reason.
        _ => Item(e),
    };

    private static JsonObject Item(HistoryEvent e, params IEnumerable<(string Name, JsonNode? Value)> fields)
    {
        var item = new JsonObject { ["EventType"] = e.EventType.ToString() };
        foreach (var (name, value) in fields)
        {
            item[name] = value;
        }

        item["Timestamp"] = e.Timestamp.UtcDateTime;
        return item;
    }

    private static IEnumerable<(string, JsonNode?)> Result(HistoryEvent e, bool showHistoryOutput) =>
        showHistoryOutput ? [("Result", ManagementJson.Parse(e.Data))] : [];

    private static IEnumerable<(string, JsonNode?)> Details(HistoryEvent e) =>
        e.Failure is { } failure ? [("FailureDetails", JsonSerializer.SerializeToNode(FailureDetailsPayload.From(failure), PascalCase))] : [];

    private static IEnumerable<(string, JsonNode?)> ScheduledBy(HistoryEvent e, Dictionary<int, HistoryEvent> scheduled) =>
        scheduled.TryGetValue(e.TaskId, out var start)
            ? [("ScheduledTime", start.Timestamp.UtcDateTime), ("FunctionName", start.Name)]
            : [];
}
