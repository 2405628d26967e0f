using Engage.Functions.Records;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// Sends <see cref="ExecutionCommand"/>s to executions' orchestrations, and lets the caller see the effect: after
/// raising the event it follows the read model until the orchestration has written a newer version (or
/// <see cref="EffectWait"/> passes), so an HTTP answer shows the execution as the command left it.
/// </summary>
public sealed class ExecutionCommands(CustomerRecords records, TimeProvider timeProvider)
{
    public const string EventName = "command";

    public static readonly TimeSpan EffectWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Raises <paramref name="command"/> on <paramref name="execution"/>'s orchestration; answers the execution as it
    /// stands once its version rose above the one given, or as it stands when the wait ran out.
    /// </summary>
    public async Task<(WorkflowExecution Execution, bool Applied)> SendAsync(
        DurableTaskClient durable, WorkflowExecution execution, ExecutionCommand command, CancellationToken cancellationToken)
    {
        await durable.RaiseEventAsync(execution.Id, EventName, command, cancellationToken);
        var deadline = timeProvider.GetUtcNow() + EffectWait;
        var latest = execution;
        while (timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, timeProvider, cancellationToken);
            latest = await records.FindAsync<WorkflowExecution>(execution.PartitionKey, execution.RowKey, cancellationToken) ?? latest;
            if (latest.Version > execution.Version)
            {
                return (latest, true);
            }
        }

        return (latest, false);
    }
}
