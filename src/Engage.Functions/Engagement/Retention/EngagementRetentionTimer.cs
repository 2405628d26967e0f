using Engage.Durable.Client;
using Engage.Functions.Engagement.Idempotency;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Timers;

namespace Engage.Functions.Engagement.Retention;

/// <summary>
/// Daily: deletes runs older than <c>ENGAGEMENT_RETENTION_DAYS</c> with their orchestration
/// histories, and expired idempotency keys.
/// </summary>
public sealed partial class EngagementRetentionTimer(
    EngagementRunStore runs,
    IdempotencyStore idempotency,
    DurableTaskClient durable,
    EngagementOptions options,
    TimeProvider timeProvider,
    ILogger<EngagementRetentionTimer> logger) : ITimerFunction
{
    public string Name => "EngagementRetention";

    public string ScheduleSetting => "ENGAGEMENT_RETENTION_CRON";

    public string DefaultSchedule => "0 30 3 * * *";

    public async Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow().AddDays(-options.RetentionDays);
        var deleted = 0;
        await foreach (var run in runs.ListUpdatedBeforeAsync(cutoff, cancellationToken))
        {
            var instance = await durable.GetInstanceAsync(run.RowKey, cancellationToken: cancellationToken);
            if (instance is { IsCompleted: false })
            {
                await durable.TerminateInstanceAsync(run.RowKey, "retention period over", cancellationToken);
                continue;
            }

            if (instance is not null)
            {
                await durable.PurgeInstanceAsync(run.RowKey, cancellationToken);
            }

            await runs.DeleteAsync(run.PartitionKey, run.RowKey, cancellationToken);
            deleted++;
        }

        var keys = await idempotency.PurgeExpiredAsync(cancellationToken);
        LogRetention(deleted, options.RetentionDays, keys);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Runs} runs older than {Days} days and {Keys} expired idempotency keys")]
    private partial void LogRetention(int runs, int days, int keys);
}
