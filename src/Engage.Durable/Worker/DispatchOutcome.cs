namespace Engage.Durable.Worker;

/// <summary>What the receiver of a delivered hub message should do with it.</summary>
public enum DispatchOutcome
{
    /// <summary>Applied, a duplicate, or not a hub message at all: delete it.</summary>
    Done,

    /// <summary>Its instance does not exist or has not started yet: leave it on the queue to be delivered again shortly.</summary>
    RetryLater,
}
