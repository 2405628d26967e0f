using Engage.Functions.Discovery.Engine;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Discovery.Timer;

/// <summary>
/// A discovery run on <c>CONVERSATION_DISCOVERY_CRON</c>, and one when the app starts, so the index and status
/// are fresh without waiting for the first occurrence. Runs are incremental and take the discovery lease, so a
/// start-up run on every instance costs little and never runs twice at once.
/// </summary>
public sealed class ConversationDiscoveryTimer(DiscoveryRunner runner)
{
    public const string FunctionName = "ConversationDiscovery";

    [Function(FunctionName)]
    public Task RunAsync(
        [TimerTrigger("%" + DiscoveryOptions.ScheduleSetting + "%", RunOnStartup = true)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        runner.RunAsync("timer", cancellationToken);
}
