namespace Engage.Durable.Orchestration;

/// <summary>Options for a sub-orchestration call; <see cref="InstanceId"/> defaults to a deterministic new id.</summary>
public sealed record SubOrchestrationOptions(RetryPolicy? Retry = null, string? InstanceId = null) : TaskOptions(Retry);
