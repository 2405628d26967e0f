using Engage.Functions.Workflows.Actions;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Context;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Preferences;
using Engage.Functions.Workflows.Queue;
using Engage.Functions.Workflows.Tasks;

namespace Engage.Functions.Workflows;

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>The customer-success workflows: customers, executions, the queue, context, tasks, artifacts, actions, preferences and the step chat.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(CustomerRuleOptions.From(configuration));
        services.AddSingleton(ExecutionCommandOptions.From(configuration));
        services.AddSingleton<ExecutionCommands>();
        services.AddSingleton<WorkflowQueue>();
        services.AddCustomers(configuration);
        services.AddCustomerContext();
        services.AddWorkflowTasks();
        services.AddWorkflowArtifacts();
        services.AddWorkflowActions();
        services.AddWorkflowPreferences();
        services.AddWorkflowExecutions();
        services.AddWorkflowChat(configuration);
        return services;
    }
}
