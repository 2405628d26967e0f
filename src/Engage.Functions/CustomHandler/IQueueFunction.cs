namespace Engage.Functions.CustomHandler;

/// <summary>
/// A queue-triggered function. Only the Functions host triggers it (folder <see cref="Name"/>, invocations at
/// <c>/{Name}</c>); standalone, whatever owns the queue polls it itself.
/// </summary>
public interface IQueueFunction
{
    string Name { get; }

    /// <summary>The <c>queueName</c> of the trigger: the queue, or a <c>%SETTING%</c> expression for it.</summary>
    string QueueName { get; }

    /// <summary>Handles one delivered message.</summary>
    /// <param name="message">The message text, as the trigger decoded it.</param>
    /// <param name="dequeueCount">How often the message has been delivered, this time included.</param>
    /// <returns>True when the message is done with; false to have the host deliver it again later.</returns>
    Task<bool> RunAsync(string message, long dequeueCount, CancellationToken cancellationToken);
}
