namespace Engage.Durable.Activities;

/// <summary>What an activity knows about its invocation.</summary>
public sealed class TaskActivityContext(string name, string instanceId, int taskId, IServiceProvider services)
{
    public string Name { get; } = name;

    public string InstanceId { get; } = instanceId;

    /// <summary>The orchestrator's sequence number for this call; with the instance id it identifies the invocation.</summary>
    public int TaskId { get; } = taskId;

    /// <summary>Services scoped to this invocation.</summary>
    public IServiceProvider Services { get; } = services;
}
