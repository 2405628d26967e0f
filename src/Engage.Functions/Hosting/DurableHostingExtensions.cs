using Engage.Durable;
using Engage.Durable.Http;
using Engage.Functions.CustomHandler;
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
    /// Where the management API lives under the Functions host, which refuses function routes below
    /// <c>/runtime</c> (its own) and forwards only those below its route prefix.
    /// </summary>
    public const string CustomHandlerManagementBasePath = "/" + FunctionCatalog.RoutePrefix + "/durabletask";

    /// <summary>
    /// The app's task hub on <c>AzureWebJobsStorage</c>, every feature's orchestrators and activities, and
    /// Durable's management API at its usual path. Under the Functions host, the host's queue triggers deliver
    /// the hub's messages instead of the worker polling for them, and the management API moves below the
    /// route prefix.
    /// </summary>
    public static IServiceCollection AddEngageDurable(this IServiceCollection services, IConfiguration configuration, FunctionsHostOptions host)
    {
        void Configure(DurableTaskOptions options)
        {
            // Fine tuning (partitions, concurrency, visibility timeouts) as DurableTask__Name settings.
            configuration.GetSection(TuningSection).Bind(options);
            options.HubName = configuration[TaskHubSetting] is { Length: > 0 } hub ? hub : options.HubName;
            options.PollQueues &= !host.IsCustomHandler;
        }

        services.AddDurableTask(
            sp => sp.GetRequiredService<TableServiceClient>(),
            sp => sp.GetRequiredService<QueueServiceClient>(),
            registry => registry.AddEngagementTasks(),
            Configure);
        services.AddSingleton<IEndpointModule, DurableManagementEndpoints>();

        if (host.IsCustomHandler)
        {
            var options = new DurableTaskOptions();
            Configure(options);
            if (options.EnableWorker)
            {
                services.AddDurableQueueFunctions(options.PartitionCount, TaskHubSetting);
            }

            services.Configure<DurableHttpApiOptions>(api => api.BasePath = CustomHandlerManagementBasePath);
        }

        return services;
    }

    /// <summary>Keys are not embedded in the status links; callers add their own function key.</summary>
    private sealed class DurableManagementEndpoints : IEndpointModule
    {
        public void MapEndpoints(IEndpointRouteBuilder routes) =>
            routes.MapDurableTaskManagementApi().WithAuthLevel(AuthorizationLevel.Function);
    }
}
