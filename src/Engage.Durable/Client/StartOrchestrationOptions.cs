namespace Engage.Durable.Client;

/// <summary>Options for starting an instance: a caller-chosen id, a delayed start.</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
