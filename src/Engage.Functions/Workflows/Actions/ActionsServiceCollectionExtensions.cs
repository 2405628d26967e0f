using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Actions;

public static class ActionsServiceCollectionExtensions
{
    /// <summary>The six saved actions, their catalogue table and the runner that applies them.</summary>
    public static IServiceCollection AddWorkflowActions(this IServiceCollection services)
    {
        services.AddSingleton<SavedAction, SnoozeAction>();
        services.AddSingleton<SavedAction, SkipAction>();
        services.AddSingleton<SavedAction, EscalateAction>();
        services.AddSingleton<SavedAction, ScheduleAction>();
        services.AddSingleton<SavedAction, SendEmailAction>();
        services.AddSingleton<SavedAction, CreateTaskAction>();
        services.AddSingleton<SavedActionCatalog>();
        services.AddSingleton<ActionRunner>();
        services.TryAddSingleton<WorkflowRequests>();
        return services;
    }
}
