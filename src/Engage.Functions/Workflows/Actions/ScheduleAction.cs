using Engage.Functions.Http;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Actions;

/// <summary>Schedules a follow-up on the execution; its durable timer brings the execution to attention at that time.</summary>
public sealed class ScheduleAction(ExecutionCommands commands) : ExecutionCommandAction(commands)
{
    public override string Id => "schedule";

    public override string Name => "Schedule follow-up";

    public override string Description => "Schedule a follow-up on the workflow at a time, with an optional note.";

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("at", "string (ISO 8601 time)", true, "When the follow-up is due, such as 2026-05-01T09:00:00Z."),
        new("note", "string", false, "What to follow up on."),
    ];

    protected override ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now)
    {
        var at = FutureTime(parameters, "at", now);
        var note = parameters.Text("note", 1000, multiline: true);
        return at is { } due ? Send(ExecutionCommandKind.ScheduleFollowUp, note ?? "follow-up scheduled", until: due, note: note) : null;
    }
}
