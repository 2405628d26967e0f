using Engage.Functions.Http;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Actions;

/// <summary>Takes the execution out of the queue until a time; its durable timer brings it back by itself.</summary>
public sealed class SnoozeAction(ExecutionCommands commands) : ExecutionCommandAction(commands)
{
    public override string Id => "snooze";

    public override string Name => "Snooze";

    public override string Description => "Take the workflow out of the queue until a time; it comes back by itself then.";

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
        [new("until", "string (ISO 8601 time)", true, "When the workflow comes back to the queue, such as 2026-05-01T09:00:00Z.")];

    protected override ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now) =>
        FutureTime(parameters, "until", now) is { } until ? Send(ExecutionCommandKind.Snooze, $"snoozed until {until:O}", until: until) : null;
}
