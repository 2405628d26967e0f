using Engage.Functions.Commands;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Staging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Engagement.Retention;

/// <summary>
/// On <c>ENGAGEMENT_RETENTION_CRON</c> (daily): deletes runs older than <c>ENGAGEMENT_RETENTION_DAYS</c> with
/// their orchestration histories and staged files, and expired idempotency keys.
/// </summary>
public sealed partial class EngagementRetentionTimer(
    EngagementRunStore runs,
    RunStaging staging,
    IdempotencyStore idempotency,
    EngagementOptions options,
    TimeProvider timeProvider,
    ILogger<EngagementRetentionTimer> logger)
{
    public const string FunctionName = "EngagementRetention";
    public const string ScheduleSetting = "ENGAGEMENT_RETENTION_CRON";

    [Function(FunctionName)]
    public async Task RunAsync(
        [TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow().AddDays(-options.RetentionDays);
        var deleted = 0;
        await foreach (var run in runs.ListUpdatedBeforeAsync(cutoff, cancellationToken))
        {
            var instance = await durable.GetInstanceAsync(run.RowKey, cancellation: cancellationToken);
            if (instance is { IsCompleted: false })
            {
                await durable.TerminateInstanceAsync(run.RowKey, "retention period over", cancellationToken);
                continue;
            }

            if (instance is not null)
            {
                await PurgeWithBatchesAsync(durable, run.RowKey, cancellationToken);
            }

            await staging.DeleteAsync(run.RowKey, cancellationToken);
            await runs.DeleteAsync(run, cancellationToken);
            deleted++;
        }

        var keys = await idempotency.PurgeExpiredAsync(cancellationToken);
        LogRetention(deleted, options.RetentionDays, keys);
    }

    /// <summary>The run's orchestration and its analysis batches, which the engine does not purge with their parent.</summary>
    private static async Task PurgeWithBatchesAsync(DurableTaskClient durable, string runId, CancellationToken cancellationToken)
    {
        await foreach (var batch in durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = runId + ":" }).WithCancellation(cancellationToken))
        {
            if (batch.IsCompleted)
            {
                await durable.PurgeInstanceAsync(batch.InstanceId, cancellation: cancellationToken);
            }
        }

        await durable.PurgeInstanceAsync(runId, cancellation: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Runs} runs older than {Days} days and {Keys} expired idempotency keys")]
    private partial void LogRetention(int runs, int days, int keys);
}
