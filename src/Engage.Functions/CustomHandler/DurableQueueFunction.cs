using Engage.Durable.Worker;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// A queue trigger on one of the task hub's queues, handing each message to the engine's dispatcher. With
/// these the Functions scale controller sees the hub's backlog and adds instances for it.
/// </summary>
public sealed class DurableQueueFunction(string name, string queueName, Func<string, long, CancellationToken, Task<DispatchOutcome>> dispatch) : IQueueFunction
{
    public const string WorkItemsName = "DurableWorkItems";

    public string Name => name;

    public string QueueName => queueName;

    public async Task<bool> RunAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        await dispatch(message, dequeueCount, cancellationToken) == DispatchOutcome.Done;

    public static string ControlName(int partition) => $"DurableControl{partition:D2}";

    /// <summary>The hub's queue names (<c>{hub}-control-NN</c>, <c>{hub}-workitems</c>) with the hub taken from an app setting.</summary>
    public static string ControlQueue(string hubSetting, int partition) => $"%{hubSetting}%-control-{partition:D2}";

    public static string WorkItemQueue(string hubSetting) => $"%{hubSetting}%-workitems";
}
