using Engage.Functions.Engagement.Idempotency;
using Engage.Functions.Engagement.Runs;

namespace Engage.Functions.Engagement;

/// <summary>
/// Creates the feature's tables at start-up, in the background and with retries, so storage
/// that comes up late delays the first run instead of failing the host.
/// </summary>
public sealed partial class EngagementStorageInitializer(
    EngagementRunStore runs,
    IdempotencyStore idempotency,
    TimeProvider timeProvider,
    ILogger<EngagementStorageInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await runs.CreateTableIfNotExistsAsync(stoppingToken);
                await idempotency.CreateTableIfNotExistsAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnavailable(delay.TotalSeconds, e);
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engagement tables could not be created yet; retrying in {Seconds} s")]
    private partial void LogUnavailable(double seconds, Exception exception);
}
