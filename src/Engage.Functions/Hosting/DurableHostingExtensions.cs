using Engage.Durable;
using Engage.Durable.Http;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Http;
using Engage.Functions.Keys;
using Engage.Storage.Queues;
using Engage.Storage.Tables;

namespace Engage.Functions.Hosting;

public static class DurableHostingExtensions
{
    public const string TaskHubSetting = "DURABLE_TASK_HUB";
    public const string TuningSection = "DurableTask";

    /// <summary>
    /// The app's task hub on <c>AzureWebJobsStorage</c>, every feature's orchestrators and
    /// activities, and Durable's management API at its usual path.
    /// </summary>
    public static IServiceCollection AddEngageDurable(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDurableTask(
            sp => sp.GetRequiredService<TableServiceClient>(),
            sp => sp.GetRequiredService<QueueServiceClient>(),
            registry => registry.AddEngagementTasks(),
            options =>
            {
                // Fine tuning (partitions, concurrency, visibility timeouts) as DurableTask__Name settings.
                configuration.GetSection(TuningSection).Bind(options);
                options.HubName = configuration[TaskHubSetting] is { Length: > 0 } hub ? hub : options.HubName;
            });
        services.AddSingleton<IEndpointModule, DurableManagementEndpoints>();
        return services;
    }

    /// <summary>Keys are not embedded in the status links; callers add their own function key.</summary>
    private sealed class DurableManagementEndpoints : IEndpointModule
    {
        public void MapEndpoints(IEndpointRouteBuilder routes) =>
            routes.MapDurableTaskManagementApi().WithAuthLevel(AuthorizationLevel.Function);
    }
}
