using Engage.Functions.Discovery.Engine;
using Engage.Functions.Timers;

namespace Engage.Functions.Discovery.Timer;

/// <summary>The <c>ConversationDiscovery</c> timer: a discovery run on <c>CONVERSATION_DISCOVERY_CRON</c>.</summary>
public sealed class ConversationDiscoveryTimer(DiscoveryRunner runner) : ITimerFunction
{
    public string Name => "ConversationDiscovery";

    public string ScheduleSetting => DiscoveryOptions.ScheduleSetting;

    public string DefaultSchedule => DiscoveryOptions.DefaultSchedule;

    public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken) => runner.RunAsync("timer", cancellationToken);
}
