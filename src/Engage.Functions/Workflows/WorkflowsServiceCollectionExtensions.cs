using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>The customer-success workflows: customers, executions, the queue, context, tasks, artifacts, actions and preferences.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(CustomerRuleOptions.From(configuration));
        services.AddSingleton<ExecutionCommands>();
        services.AddSingleton<WorkflowQueue>();
        services.AddWorkflowExecutions();
        return services;
    }
}
