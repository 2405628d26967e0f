namespace Engage.Durable.Client;

/// <summary>A start named an instance id that is still pending or running.</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId, string status)
    : InvalidOperationException($"An orchestration with instance id '{instanceId}' is already {status}; an id can be reused once its instance has finished.")
{
    public string InstanceId { get; } = instanceId;
}
