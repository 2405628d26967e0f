using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Tasks;

public static class TasksServiceCollectionExtensions
{
    /// <summary>Tasks of customers and executions.</summary>
    public static IServiceCollection AddWorkflowTasks(this IServiceCollection services)
    {
        services.AddSingleton<TaskService>();
        services.TryAddSingleton<WorkflowRequests>();
        return services;
    }
}
