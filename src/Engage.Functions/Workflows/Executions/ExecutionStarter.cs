using Engage.Functions.Durable;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Queue;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// Starts an execution, by hand or by the planner: the read-model row first (version 1, event
/// <c>execution_started</c>), so the execution is visible from the moment its orchestration can act, then the
/// orchestration (instance id = execution id) with the row's state as input, then its queue entry. Run again for
/// the same id (a retried request, the planner's next run) it adds what is missing and nothing twice.
/// </summary>
public sealed partial class ExecutionStarter(CustomerRecords records, WorkflowQueue queue, TimeProvider timeProvider, ILogger<ExecutionStarter> logger)
{
    /// <summary>
    /// Starts <paramref name="executionId"/> of <paramref name="definition"/> for <paramref name="customer"/>, or, when
    /// <paramref name="mayExist"/>, completes a start an earlier attempt began: its row is kept as it is, and its
    /// orchestration scheduled only if the row is still open and the task hub has no such instance.
    /// </summary>
    /// <returns>The execution's row.</returns>
    /// <exception cref="ExecutionNotScheduledException">The task hub did not take the orchestration.</exception>
    public async Task<WorkflowExecution> StartAsync(
        DurableTaskClient durable, Customer customer, WorkflowDefinition definition, string executionId, string trigger, string actor, bool mayExist, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var row = mayExist ? await FindAsync(customer.Id, executionId, cancellationToken) : null;
        if (row is null)
        {
            row = ExecutionState.Start(executionId, customer, definition, trigger, now).ToRecord();
            try
            {
                var reason = $"{definition.Name} (version {definition.Version}) started {(trigger == ExecutionState.PlannerTrigger ? "by the planner" : "by hand")}.";
                await records.SaveAsync(null, row, new RecordChange("execution_started", reason, actor, now), cancellationToken);
            }
            catch (RecordConflictException) when (mayExist)
            {
                // Another start of the same planned execution wrote it first.
                row = await FindAsync(customer.Id, executionId, cancellationToken) ?? throw new InvalidOperationException($"Execution {executionId} conflicted on its start but does not exist.");
            }
        }

        if (ExecutionStatus.IsOpen(row.Status) && !(mayExist && await durable.InstanceExistsAsync(executionId, logger)))
        {
            row = await ScheduleAsync(durable, row, cancellationToken);
        }

        await queue.SyncAsync(row, customer, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        return row;
    }

    /// <summary>
    /// Starts a planned execution unless its orchestration exists or its row has ended; an open row without its
    /// orchestration is a start that stopped half way, which this completes. True when it started or completed one.
    /// </summary>
    public async Task<bool> StartPlannedAsync(DurableTaskClient durable, Customer customer, WorkflowDefinition definition, string executionId, string actor, CancellationToken cancellationToken)
    {
        var row = await FindAsync(customer.Id, executionId, cancellationToken);
        if ((row is not null && !ExecutionStatus.IsOpen(row.Status)) || await durable.InstanceExistsAsync(executionId, logger))
        {
            return false;
        }

        await StartAsync(durable, customer, definition, executionId, ExecutionState.PlannerTrigger, actor, mayExist: true, cancellationToken);
        return true;
    }

    /// <summary>
    /// Schedules the row's orchestration. When the task hub does not take it, a manual execution is recorded as
    /// cancelled, since nothing would ever run or repair it; a planned one stays open for the planner's next run,
    /// which schedules it then.
    /// </summary>
    private async Task<WorkflowExecution> ScheduleAsync(DurableTaskClient durable, WorkflowExecution row, CancellationToken cancellationToken)
    {
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(WorkflowExecutionOrchestrator.Name, ExecutionState.From(row), new StartOrchestrationOptions(row.Id), CancellationToken.None);
            return row;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScheduleFailed(row.Id, e);

            // The call can fail after the task hub took the instance (a timeout on the answer, a concurrent start).
            if (await durable.InstanceExistsAsync(row.Id, logger))
            {
                return row;
            }
        }

        if (row.Trigger == ExecutionState.ManualTrigger)
        {
            var now = timeProvider.GetUtcNow();
            var cancel = new ExecutionCommand(ExecutionCommandKind.Cancel, Guid.CreateVersion7(now).ToString(), ExecutionTransitions.SystemActor, "Its orchestration could not be scheduled; start it again.");
            var turn = ExecutionTransitions.Apply(ExecutionState.From(row), cancel, now)!;
            await records.SaveAsync(row, turn.After.ToRecord(), new RecordChange(turn.EventType, turn.Reason, turn.Actor, now), cancellationToken);
        }

        throw new ExecutionNotScheduledException(row.Id);
    }

    private Task<WorkflowExecution?> FindAsync(string customerId, string executionId, CancellationToken cancellationToken) =>
        records.FindAsync<WorkflowExecution>(customerId, WorkflowExecution.RowKeyFor(executionId), cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Execution {ExecutionId}: its orchestration could not be scheduled")]
    private partial void LogScheduleFailed(string executionId, Exception exception);
}
