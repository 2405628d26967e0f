namespace Engage.Functions.Workflows.Executions;

/// <summary>The task hub did not take an execution's orchestration; the HTTP side answers 503, the planner tries again on its next run.</summary>
public sealed class ExecutionNotScheduledException(string executionId)
    : Exception($"The orchestration of execution {executionId} could not be scheduled; the task hub is unavailable.")
{
    public string ExecutionId { get; } = executionId;
}
