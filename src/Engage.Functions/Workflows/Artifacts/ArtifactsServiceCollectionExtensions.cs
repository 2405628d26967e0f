using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Artifacts;

public static class ArtifactsServiceCollectionExtensions
{
    /// <summary>Artifacts of customers, executions and tasks.</summary>
    public static IServiceCollection AddWorkflowArtifacts(this IServiceCollection services)
    {
        services.AddSingleton<ArtifactService>();
        services.TryAddSingleton<WorkflowRequests>();
        return services;
    }
}
