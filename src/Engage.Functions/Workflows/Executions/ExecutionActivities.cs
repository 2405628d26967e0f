using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Executions;

/// <summary>The execution orchestration's one activity: all of its I/O.</summary>
public sealed class ExecutionActivities(CustomerRecords records, WorkflowQueue queue, TimeProvider timeProvider)
{
    public const string RecordChange = "RecordExecutionChange";

    /// <summary>
    /// Puts the execution where <paramref name="turn"/>'s state belongs in the queue, then saves that state as its read
    /// model with its event. The queue moves first so that whoever waits for the read model to show a command (an
    /// HTTP answer) finds the queue showing it too. A retry after the save committed finds the row at that version
    /// already and only syncs the queue again, so the change is written once however often this runs. False when
    /// the row is gone.
    /// </summary>
    [Function(RecordChange)]
    public async Task<bool> RecordAsync([ActivityTrigger] ExecutionTurn turn, CancellationToken cancellationToken)
    {
        var after = turn.After;
        var row = await records.FindAsync<WorkflowExecution>(after.CustomerId, WorkflowExecution.RowKeyFor(after.Id), cancellationToken);
        if (row is null)
        {
            return false;
        }

        if (row.Version != after.Version - 1 && row.Version != after.Version)
        {
            throw new InvalidOperationException(
                $"Execution {after.Id} is at version {row.Version} in the read model, so its orchestration's version {after.Version} cannot be written: something else wrote it, or the orchestration was restarted from an old state.");
        }

        var written = after.ToRecord();
        var customer = await records.FindAsync<Customer>(after.CustomerId, Customer.RowKeyFor(after.CustomerId), cancellationToken);
        if (customer is not null)
        {
            await queue.SyncAsync(written, customer, DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime), cancellationToken);
        }

        if (row.Version == after.Version - 1)
        {
            await records.SaveAsync(row, written, new Records.RecordChange(turn.EventType, turn.Reason, turn.Actor, after.UpdatedAt), cancellationToken);
        }

        return true;
    }
}
