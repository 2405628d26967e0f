namespace Engage.Durable.Orchestration;

/// <summary>Base class for orchestrators written as classes (as in Microsoft.DurableTask).</summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context) =>
        await RunAsync(context, context.GetInput<TInput>()!);
}
