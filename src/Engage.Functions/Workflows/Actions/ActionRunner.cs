using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Executions;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Actions;

/// <summary>
/// Applies a saved action to an execution the caller may see and that is still open, then records it as an
/// <see cref="ActionRun"/> with its event <c>action_executed</c>. The answer is <c>{actionRun, workflowExecution}</c>,
/// the execution as it stands after the effect. The run's id is the Idempotency-Key's result id, so a retry that
/// takes over an interrupted run finds the run, or repeats an effect that makes the same command or record again.
/// </summary>
public sealed class ActionRunner(CustomerRecords records, TimeProvider timeProvider)
{
    public async Task<IResult> ExecuteAsync(
        RecordAccess access, ActionRequest request, CommandAttempt attempt, DurableTaskClient durable, string? traceId, CancellationToken cancellationToken)
    {
        var execution = await records.FindAsync<WorkflowExecution>(request.CustomerId, WorkflowExecution.RowKeyFor(request.WorkflowExecutionId), cancellationToken);
        if (execution is null || !(access.Caller.MaySee(execution.Owner) || await access.OwnsCustomerAsync(request.CustomerId, cancellationToken)))
        {
            return Problems.NotFound($"No execution {request.WorkflowExecutionId} exists that you may see; an execution is visible to its owner, its customer's owner and admins.");
        }

        if (attempt.MayHaveRun && await records.FindAsync<ActionRun>(request.CustomerId, ActionRun.RowKeyFor(attempt.ResultId), cancellationToken) is { } recorded)
        {
            return Answer(recorded, execution);
        }

        if (!ExecutionStatus.IsOpen(execution.Status))
        {
            return Problems.Conflict($"Execution {execution.Id} is {execution.Status}; actions apply only to active or snoozed executions.");
        }

        var now = timeProvider.GetUtcNow();
        var outcome = await request.Effect(new ActionContext(access, execution, durable, attempt.ResultId, attempt.MayHaveRun, now, traceId), cancellationToken);
        if (outcome.Problem is { } refused)
        {
            return refused;
        }

        var run = new ActionRun
        {
            PartitionKey = request.CustomerId,
            RowKey = ActionRun.RowKeyFor(attempt.ResultId),
            ActionId = request.Action.Id,
            WorkflowExecutionId = execution.Id,
            ParamsJson = request.Params.ToJsonString(),
            ResultJson = outcome.Result!.ToJsonString(),
            Actor = access.Caller.UserId,
            At = now,
        };
        await records.SaveAsync(null, run, new RecordChange("action_executed", $"action {request.Action.Id} on execution {execution.Id}", run.Actor, now, traceId), cancellationToken);
        return Answer(run, outcome.Execution);
    }

    private static CommandAnswer Answer(ActionRun run, WorkflowExecution execution) =>
        CommandAnswer.Ok(new JsonObject { ["actionRun"] = run.ToJson(), ["workflowExecution"] = execution.ToJson() });
}
