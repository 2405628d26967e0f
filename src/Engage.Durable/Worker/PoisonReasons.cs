namespace Engage.Durable.Worker;

/// <summary>
/// Why a message that kept coming back was given up on, in the same words whether the polling worker or a
/// queue trigger delivered it.
/// </summary>
internal static class PoisonReasons
{
    public static string ControlMessage(long dequeueCount) =>
        $"A message for this instance was dequeued {dequeueCount} times without being processed; the instance was failed instead of retrying forever.";

    public static string WorkItem(long dequeueCount) =>
        $"The activity message was dequeued {dequeueCount} times without completing (the worker running it stopped or timed out each time).";
}
