using Engage.Functions.Http;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Actions;

/// <summary>Skips a step (the current one unless named), so the execution goes on to the next.</summary>
public sealed class SkipAction(ExecutionCommands commands) : ExecutionCommandAction(commands)
{
    public override string Id => "skip";

    public override string Name => "Skip step";

    public override string Description => "Skip a step of the workflow (the current one unless stepId names another) and go on to the next.";

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("stepId", "string", false, "The step to skip; the current step when left out."),
        new("reason", "string", false, "Why it is skipped, for the execution's history."),
    ];

    protected override ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now)
    {
        var stepId = parameters.Text("stepId", 100);
        var reason = parameters.Text("reason", 500);
        return async (context, cancellationToken) =>
        {
            var steps = context.Execution.GetSteps();
            var id = stepId ?? context.Execution.CurrentStepId;
            if (steps.FirstOrDefault(s => s.Id == id) is not { } step)
            {
                return ActionOutcome.Refused(
                    Problems.Unprocessable(id is null
                        ? $"Execution {context.Execution.Id} has no current step to skip; name one with stepId."
                        : $"stepId {id} is not a step of execution {context.Execution.Id}; its steps are {string.Join(", ", steps.Select(s => s.Id))}."),
                    context.Execution);
            }

            if (step.Status is StepStatus.Completed or StepStatus.Skipped)
            {
                return ActionOutcome.Refused(Problems.Conflict($"Step {step.Id} of execution {context.Execution.Id} is already {step.Status}."), context.Execution);
            }

            return await Send(ExecutionCommandKind.SkipStep, reason ?? "skipped", stepId: step.Id)(context, cancellationToken);
        };
    }
}
