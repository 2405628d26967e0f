using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.State;

namespace Engage.Functions.Discovery.Timer;

/// <summary>
/// At start-up: reports refused crews and creates the tables. Nothing here may stop the host: a background
/// service's exception does (the host's default), and the tables are created on first use anyway, so a storage
/// failure is logged and left to the next discovery run.
/// </summary>
public sealed partial class DiscoveryStartup(
    CrewCatalog catalog,
    ConversationIndex index,
    DiscoveryStateStore states,
    ILogger<DiscoveryStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var refused in catalog.Refused)
        {
            LogRefused(refused.Client, refused.Crew, refused.Reason);
        }

        try
        {
            await index.EnsureTablesAsync(catalog.Crews, stoppingToken);
            await states.TableAsync(stoppingToken);
        }
        catch (Exception e)
        {
            // Stopping ends the work quietly. Anything else is logged, cancellations included: the storage SDK
            // reports its own network timeout as one.
            if (!stoppingToken.IsCancellationRequested)
            {
                LogStorageUnavailable(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Discovery refuses crew '{Client}'/'{Crew}' in DISCOVERY_CREWS: {Reason}")]
    private partial void LogRefused(string client, string crew, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery tables could not be created at start-up; the next discovery run creates them")]
    private partial void LogStorageUnavailable(Exception exception);
}
