using Engage.Functions.Engagement.Orchestration;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Engagement.Runs;

/// <summary>
/// Brings a processing run's entity to the end its orchestration reached. The orchestration is the source of truth:
/// ends that no orchestrator code sees (terminate, non-determinism, a crash while starting) are read from the task
/// hub when the run is read, so the frontend's next poll shows them.
/// </summary>
public sealed partial class RunStatusSync(EngagementRunStore runs, TimeProvider timeProvider, ILogger<RunStatusSync> logger)
{
    /// <summary>
    /// The starter writes the entity just before it schedules the orchestration; one still missing after this long
    /// will not appear.
    /// </summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    public const string TerminatedMessage = "The run was stopped by an operator before it finished; start a new run if the summary is still needed.";
    public const string LostMessage = "The run was lost while it was being started (the app stopped); start a new run.";
    public const string UnsavedMessage = "The run finished without saving its summary; start a new run.";

    public async Task<EngagementRunEntity> FollowAsync(EngagementRunEntity run, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (run.Status != RunStatus.Processing)
        {
            return run;
        }

        OrchestrationMetadata? instance;
        try
        {
            instance = await durable.GetInstanceAsync(run.RowKey, getInputsAndOutputs: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The entity's own state is still true as far as it goes; the next poll asks the task hub again.
            LogUnreadable(e, run.RowKey);
            return run;
        }

        var error = instance switch
        {
            null => timeProvider.GetUtcNow() - run.CreatedAt > StartGrace ? LostMessage : null,
            { RuntimeStatus: OrchestrationRuntimeStatus.Failed } => EngagementRunException.ReadableMessage(instance.FailureDetails) ?? EngagementRunException.Unexpected(run.RowKey),
            { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } => TerminatedMessage,
            { RuntimeStatus: OrchestrationRuntimeStatus.Completed } => UnsavedMessage,
            _ => null,
        };
        if (error is null)
        {
            return run;
        }

        // Not changed when the orchestration's own write got there first; either way this is how the run ended.
        var (ended, changed) = await runs.FailAsync(run.PartitionKey, run.RowKey, error, cancellationToken);
        if (changed)
        {
            LogFollowed(run.RowKey, instance?.RuntimeStatus.ToString() ?? "missing");
        }

        return ended ?? run;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engagement run {RunId}: its orchestration could not be read; the run's entity is answered as it is")]
    private partial void LogUnreadable(Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engagement run {RunId} ended as error: its orchestration is {Status}")]
    private partial void LogFollowed(string runId, string status);
}
