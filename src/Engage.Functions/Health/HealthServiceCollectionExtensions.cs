using Engage.Functions.Engagement.Summaries;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The health function's probes; a new dependency is one more <see cref="IHealthProbe"/> here.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, TableStorageProbe>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, LlmCircuitProbe>());

        // Until AddMeetingAnalyzer replaces it with the configured one, in either order of the two calls.
        services.TryAddSingleton(MeetingAnalyzerStatus.HeuristicOnly);
        return services;
    }
}
