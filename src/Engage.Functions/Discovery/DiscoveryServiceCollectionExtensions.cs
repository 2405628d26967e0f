using Engage.Functions.Discovery.Api;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Demo;
using Engage.Functions.Discovery.Engine;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Discovery.State;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Hosting;

namespace Engage.Functions.Discovery;

public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// Conversation discovery: its crews (from <c>DISCOVERY_CREWS</c>; the SQLite demo in local development
    /// when none are set; none otherwise), the engine and the start-up table check.
    /// </summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DiscoveryOptions.From(configuration));
        var configured = CrewCatalogReader.IsConfigured(configuration) ? CrewCatalogReader.Read(configuration) : null;
        services.AddSingleton(sp => configured
            ?? (FunctionsEnvironment.IsDevelopment(configuration)
                ? DemoDatabase.EnsureCreated(DemoDatabase.DefaultPath, sp.GetRequiredService<TimeProvider>().GetUtcNow())
                : new CrewCatalog([], [], isDemo: false)));
        services.AddSingleton<ConversationSources>();
        services.AddSingleton<ConversationIndex>();
        services.AddSingleton<DiscoveryStateStore>();
        services.AddSingleton<DiscoveryLease>();
        services.AddSingleton<CrewDiscovery>();
        services.AddSingleton<DiscoveryRunner>();
        services.AddSingleton<DiscoveryStatusReport>();
        services.AddHostedService<DiscoveryStartup>();
        return services;
    }
}
