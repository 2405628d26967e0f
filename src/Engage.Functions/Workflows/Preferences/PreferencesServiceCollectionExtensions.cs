using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Preferences;

public static class PreferencesServiceCollectionExtensions
{
    /// <summary>Users' own preferences.</summary>
    public static IServiceCollection AddWorkflowPreferences(this IServiceCollection services)
    {
        services.AddSingleton<PreferencesStore>();
        services.TryAddSingleton<WorkflowRequests>();
        return services;
    }
}
