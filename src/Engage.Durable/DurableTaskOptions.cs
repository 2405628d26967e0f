namespace Engage.Durable;

/// <summary>Settings of a task hub and of the workers that serve it; defaults follow Durable Functions where it has one.</summary>
public sealed class DurableTaskOptions
{
    /// <summary>Names the hub's tables and queues; workers sharing a name share the work.</summary>
    public string HubName { get; set; } = "EngageHub";

    /// <summary>Control queues; fixed for the life of a hub (instances are hashed onto them).</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>A message dequeued more often than this is poison: its task or instance fails with a reason.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxConcurrentOrchestrations { get; set; } = 16;

    public int MaxConcurrentActivities { get; set; } = 32;

    /// <summary>Activity invocations packed into one work-item message, to save queue calls on fan-out.</summary>
    public int ActivityBatchSize { get; set; } = 8;

    /// <summary>The longest wait between polls of an idle queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Instances whose history a worker keeps in memory between episodes.</summary>
    public int InstanceCacheSize { get; set; } = 1000;

    /// <summary>Whether this process runs workers; a client-only process sets it to false.</summary>
    public bool EnableWorker { get; set; } = true;

    /// <summary>
    /// Whether the worker polls the hub's queues itself. Off when a queue trigger (the Functions host)
    /// receives the messages and hands each one to <see cref="Worker.DurableTaskDispatcher"/>; the
    /// orchestrators and activities still run in this process.
    /// </summary>
    public bool PollQueues { get; set; } = true;

    internal void Validate()
    {
        if (PartitionCount is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(PartitionCount), PartitionCount, "A task hub has 1 to 16 control queues.");
        }

        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Hub name '{HubName}' must be 3 to 45 letters and digits, starting with a letter.", nameof(HubName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDequeueCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ActivityBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
    }
}
