namespace Engage.Durable.History;

/// <summary>The orchestration that started a sub-orchestration, and the task that waits for it.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId);
