using Engage.Functions.Http;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Actions;

/// <summary>Escalates the execution, with the reason, which raises its priority in the queue.</summary>
public sealed class EscalateAction(ExecutionCommands commands) : ExecutionCommandAction(commands)
{
    public override string Id => "escalate";

    public override string Name => "Escalate";

    public override string Description => "Escalate the workflow, with the reason; an escalated workflow ranks higher in the queue.";

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
        [new("reason", "string", true, "Why it is escalated.")];

    protected override ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now) =>
        parameters.Text("reason", 500, required: true) is { } reason ? Send(ExecutionCommandKind.Escalate, reason) : null;
}
