using Engage.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Worker;

/// <summary>
/// Runs the work of one delivered hub message, for hosts whose own queue trigger receives the messages
/// (the Functions host, with <see cref="DurableTaskOptions.PollQueues"/> off) instead of the polling worker.
/// The caller deletes the message on <see cref="DispatchOutcome.Done"/>; on
/// <see cref="DispatchOutcome.RetryLater"/> or an exception it lets the message come back, and the
/// growing dequeue count it then passes in is what turns a message that never succeeds into poison.
/// </summary>
public sealed partial class DurableTaskDispatcher
{
    private readonly TaskHub _hub;
    private readonly OrchestrationProcessor _orchestrations;
    private readonly ActivityProcessor _activities;
    private readonly Outbox _outbox;
    private readonly ILogger<DurableTaskDispatcher> _logger;
    private readonly InstanceLocks _instanceLocks = new();

    // The same limits the polling worker keeps, however many messages the trigger hands in at once.
    private readonly SemaphoreSlim _orchestrationSlots;
    private readonly SemaphoreSlim _activitySlots;

    internal DurableTaskDispatcher(
        TaskHub hub,
        OrchestrationProcessor orchestrations,
        ActivityProcessor activities,
        Outbox outbox,
        ILogger<DurableTaskDispatcher> logger)
    {
        _hub = hub;
        _orchestrations = orchestrations;
        _activities = activities;
        _outbox = outbox;
        _logger = logger;
        _orchestrationSlots = new SemaphoreSlim(hub.Options.MaxConcurrentOrchestrations);
        _activitySlots = new SemaphoreSlim(hub.Options.MaxConcurrentActivities);
    }

    /// <summary>The control queues, in partition order; their messages go to <see cref="HandleControlMessageAsync"/>.</summary>
    public IReadOnlyList<string> ControlQueueNames => [.. _hub.ControlQueues.Select(q => q.Name)];

    /// <summary>The work-item queue; its messages go to <see cref="HandleWorkItemAsync"/>.</summary>
    public string WorkItemQueueName => _hub.WorkItems.Name;

    /// <summary>Runs one episode of the message's instance with the events the message carries.</summary>
    /// <param name="text">The message text, already Base64-decoded.</param>
    /// <param name="dequeueCount">How often the message has been delivered, this time included.</param>
    public async Task<DispatchOutcome> HandleControlMessageAsync(string text, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!MessageCodec.TryDecode(text, MessageCodec.DecodeControl, e => LogUndecodable(nameof(ControlMessage), e), out var message))
        {
            return DispatchOutcome.Done;
        }

        // A trigger delivers messages of one instance side by side; they queue here instead of racing each
        // other to the commit, and only then take a slot, so they never hold one another instance could use.
        using var instanceLock = await _instanceLocks.AcquireAsync(message.InstanceId, cancellationToken);
        await _orchestrationSlots.WaitAsync(cancellationToken);
        try
        {
            if (await _outbox.DeferIfEarlyAsync(message, cancellationToken))
            {
                return DispatchOutcome.Done;
            }

            var poisonReason = PoisonReasons.ControlMessage(dequeueCount, _hub.Options);
            return await _orchestrations.ProcessAsync(message.InstanceId, [message], poisonReason, redelivered: dequeueCount > 1, cancellationToken);
        }
        finally
        {
            _orchestrationSlots.Release();
        }
    }

    /// <summary>Runs the activities the message carries and reports their results to their instance.</summary>
    /// <param name="text">The message text, already Base64-decoded.</param>
    /// <param name="dequeueCount">How often the message has been delivered, this time included.</param>
    public async Task<DispatchOutcome> HandleWorkItemAsync(string text, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!MessageCodec.TryDecode(text, MessageCodec.DecodeWorkItem, e => LogUndecodable(nameof(WorkItemMessage), e), out var message))
        {
            return DispatchOutcome.Done;
        }

        var poisonReason = PoisonReasons.WorkItem(dequeueCount, _hub.Options);
        await _activities.ProcessAsync(message, poisonReason, _activitySlots, cancellationToken);
        return DispatchOutcome.Done;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivered message is not a task hub {Kind} and was dropped")]
    private partial void LogUndecodable(string kind, Exception exception);
}
