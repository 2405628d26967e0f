using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.State;

namespace Engage.Functions.Discovery.Timer;

/// <summary>
/// At start-up: reports refused crews and creates the tables, retrying while storage comes up.
/// </summary>
public sealed partial class DiscoveryStartup(
    CrewCatalog catalog,
    ConversationIndex index,
    DiscoveryStateStore states,
    TimeProvider timeProvider,
    ILogger<DiscoveryStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var refused in catalog.Refused)
        {
            LogRefused(refused.Client, refused.Crew, refused.Reason);
        }

        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await index.EnsureTablesAsync(catalog.Crews, stoppingToken);
                await states.TableAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStorageUnavailable(delay.TotalSeconds, e);
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Discovery refuses crew '{Client}'/'{Crew}' in DISCOVERY_CREWS: {Reason}")]
    private partial void LogRefused(string client, string crew, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery tables could not be created yet; retrying in {Seconds} s")]
    private partial void LogStorageUnavailable(double seconds, Exception exception);
}
