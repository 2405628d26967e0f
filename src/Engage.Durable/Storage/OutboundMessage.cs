using Engage.Storage.Queues;

namespace Engage.Durable.Storage;

/// <summary>A message an episode (or a client, or an activity worker) sends, and when it becomes visible.</summary>
internal sealed record OutboundMessage(QueueClient Queue, string Text, TimeSpan Delay)
{
    /// <summary>The queue service's longest initial invisibility.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public Task SendAsync(CancellationToken cancellationToken) =>
        Queue.SendMessageAsync(Text, VisibilityDelay(Delay), TimeSpan.FromSeconds(-1), cancellationToken);

    /// <summary>
    /// Queues count visibility in whole seconds; rounding up means a timer never arrives early
    /// (an early one would only be deferred again).
    /// </summary>
    private static TimeSpan? VisibilityDelay(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? null : delay > MaxDelay ? MaxDelay : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
}
