using Engage.Functions.Hosting;
using Engage.Functions.Records;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// Sends <see cref="ExecutionCommand"/>s to executions' orchestrations, and lets the caller see the effect: after
/// raising the event it follows the read model until the orchestration has recorded that command (its
/// <see cref="WorkflowExecution.LastCommandId"/>) or <see cref="ExecutionCommandOptions.EffectWait"/> passes, so an HTTP answer shows the
/// execution as the command left it. Matching the command, not just a newer version, keeps a timer's change that
/// lands meanwhile from passing for the command's.
/// </summary>
public sealed class ExecutionCommands(CustomerRecords records, ExecutionCommandOptions options, TimeProvider timeProvider)
{
    public const string EventName = "command";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Raises <paramref name="command"/> on <paramref name="execution"/>'s orchestration; answers the execution as it
    /// stands once the orchestration recorded the command, or as it stands when the wait ran out.
    /// <c>Applied</c> is true when the command was applied; false when the wait ran out, or when the orchestration
    /// ignored it because the execution had moved on (then the execution's <c>LastCommand*</c> fields say why).
    /// </summary>
    public async Task<(WorkflowExecution Execution, bool Applied)> SendAsync(
        DurableTaskClient durable, WorkflowExecution execution, ExecutionCommand command, CancellationToken cancellationToken)
    {
        await durable.RaiseEventAsync(execution.Id, EventName, command, cancellationToken);
        var deadline = timeProvider.GetUtcNow() + options.EffectWait;
        var latest = execution;
        while (timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, timeProvider, cancellationToken);
            latest = await records.FindAsync<WorkflowExecution>(execution.PartitionKey, execution.RowKey, cancellationToken) ?? latest;
            if (latest.LastCommandId == command.CommandId)
            {
                return (latest, latest.LastCommandOutcome == CommandOutcome.Applied);
            }
        }

        return (latest, false);
    }
}

/// <summary>How long a command's answer waits for the orchestration to apply it before it answers 202 with the execution as it stands.</summary>
public sealed record ExecutionCommandOptions(TimeSpan EffectWait)
{
    public const string EffectWaitSetting = "WORKFLOW_COMMAND_WAIT_SECONDS";

    public static readonly TimeSpan DefaultEffectWait = TimeSpan.FromSeconds(10);

    /// <exception cref="InvalidOperationException">The setting is not a number of seconds from 1 to 120.</exception>
    public static ExecutionCommandOptions From(IConfiguration configuration) =>
        new(SettingReader.Seconds(configuration, EffectWaitSetting, DefaultEffectWait, min: 1, max: 120));
}
