using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Planner;

namespace Engage.Functions.Workflows.Executions;

public static class ExecutionsServiceCollectionExtensions
{
    /// <summary>Workflow definitions, executions as orchestrations with their lifecycle routes, and the planner that starts them.</summary>
    public static IServiceCollection AddWorkflowExecutions(this IServiceCollection services)
    {
        services.AddSingleton<WorkflowDefinitions>();
        services.AddSingleton<ExecutionStarter>();
        services.AddSingleton<ExecutionAccess>();
        services.AddSingleton<ExecutionCommandRunner>();
        services.AddSingleton<WorkflowPlanner>();
        return services;
    }
}
