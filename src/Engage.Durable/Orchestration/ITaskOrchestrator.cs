namespace Engage.Durable.Orchestration;

public interface ITaskOrchestrator
{
    Task<object?> RunAsync(TaskOrchestrationContext context);
}
