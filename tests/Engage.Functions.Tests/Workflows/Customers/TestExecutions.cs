using Engage.Functions.Records;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Tests.Workflows.Customers;

/// <summary>Execution rows as the executions' orchestrations write them, for tests of what reads them.</summary>
public static class TestExecutions
{
    /// <param name="steps">The execution's steps, the first active one its current step; none when null.</param>
    public static async Task<WorkflowExecution> SaveAsync(
        CustomerRecords records, string customerId, string? owner, string status = ExecutionStatus.Active, DateTimeOffset? escalatedAt = null, IReadOnlyList<ExecutionStep>? steps = null)
    {
        var now = DateTimeOffset.UtcNow;
        var execution = new WorkflowExecution
        {
            PartitionKey = customerId,
            RowKey = WorkflowExecution.RowKeyFor(RecordId.NewChild(RecordId.Execution, customerId, now)),
            WorkflowId = "renewal-preparation",
            WorkflowVersion = 1,
            WorkflowName = "Renewal preparation",
            Status = status,
            Owner = owner,
            EscalatedAt = escalatedAt,
            StartedAt = now,
            UpdatedAt = now,
            CurrentStepId = steps?.FirstOrDefault(s => s.Status == StepStatus.Active)?.Id,
        };
        execution.SetSteps(steps ?? []);
        await records.SaveAsync(null, execution, new RecordChange("execution_started", "test", "test", now), CancellationToken.None);
        return execution;
    }

    public static async Task<WorkflowExecution> EndAsync(CustomerRecords records, WorkflowExecution execution)
    {
        var ended = await records.FindAsync<WorkflowExecution>(execution.PartitionKey, execution.RowKey, CancellationToken.None);
        var after = await records.FindAsync<WorkflowExecution>(execution.PartitionKey, execution.RowKey, CancellationToken.None);
        after!.Status = ExecutionStatus.Completed;
        after.EndedAt = DateTimeOffset.UtcNow;
        await records.SaveAsync(ended, after, new RecordChange("execution_completed", "test", "test", DateTimeOffset.UtcNow), CancellationToken.None);
        return after;
    }
}
