namespace Engage.Durable.Worker;

/// <summary>
/// Why a message that kept coming back is given up on, in the same words whether the polling worker or a
/// queue trigger delivered it; null while it is still within <see cref="DurableTaskOptions.MaxDequeueCount"/>.
/// </summary>
internal static class PoisonReasons
{
    public static string? ControlMessage(long dequeueCount, DurableTaskOptions options) =>
        IsPoison(dequeueCount, options)
            ? $"A message for this instance was dequeued {dequeueCount} times without being processed; the instance was failed instead of retrying forever."
            : null;

    public static string? WorkItem(long dequeueCount, DurableTaskOptions options) =>
        IsPoison(dequeueCount, options)
            ? $"The activity message was dequeued {dequeueCount} times without completing (the worker running it stopped or timed out each time)."
            : null;

    private static bool IsPoison(long dequeueCount, DurableTaskOptions options) => dequeueCount > options.MaxDequeueCount;
}
