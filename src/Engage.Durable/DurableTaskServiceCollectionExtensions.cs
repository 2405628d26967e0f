using Engage.Durable.Client;
using Engage.Durable.Storage;
using Engage.Durable.Worker;
using Engage.Storage.Queues;
using Engage.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Durable;

public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds a task hub on the storage account of <paramref name="connectionString"/>: the
    /// <see cref="DurableTaskClient"/> and, unless <see cref="DurableTaskOptions.EnableWorker"/>
    /// is off, what runs the registered orchestrators and activities: the
    /// <see cref="DurableTaskDispatcher"/> for messages a queue trigger delivers, and a hosted worker
    /// polling the hub's queues unless <see cref="DurableTaskOptions.PollQueues"/> is off.
    /// </summary>
    public static IServiceCollection AddDurableTask(
        this IServiceCollection services,
        string connectionString,
        Action<DurableTaskRegistry> register,
        Action<DurableTaskOptions>? configure = null) =>
        services.AddDurableTask(_ => new TableServiceClient(connectionString), _ => new QueueServiceClient(connectionString), register, configure);

    public static IServiceCollection AddDurableTask(
        this IServiceCollection services,
        Func<IServiceProvider, TableServiceClient> tables,
        Func<IServiceProvider, QueueServiceClient> queues,
        Action<DurableTaskRegistry> register,
        Action<DurableTaskOptions>? configure = null)
    {
        var options = new DurableTaskOptions();
        configure?.Invoke(options);
        options.Validate();
        var registry = new DurableTaskRegistry();
        register(registry);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(registry);
        services.AddSingleton(sp => new TaskHub(tables(sp), queues(sp), options));
        services.AddSingleton(sp => new PayloadStore(sp.GetRequiredService<TaskHub>().Payloads));
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<EngineHooks>();
        services.AddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<TaskHub>(),
            sp.GetRequiredService<InstanceStore>(),
            sp.GetRequiredService<PayloadStore>(),
            sp.GetRequiredService<Outbox>(),
            sp.GetRequiredService<EngineHooks>(),
            sp.GetRequiredService<TimeProvider>()));

        if (options.EnableWorker)
        {
            services.AddSingleton(_ => new InstanceCache(options.InstanceCacheSize));
            services.AddSingleton<OrchestrationProcessor>();
            services.AddSingleton<ActivityProcessor>();
            services.AddSingleton(sp => new DurableTaskDispatcher(
                sp.GetRequiredService<TaskHub>(),
                sp.GetRequiredService<OrchestrationProcessor>(),
                sp.GetRequiredService<ActivityProcessor>(),
                sp.GetRequiredService<Outbox>(),
                sp.GetRequiredService<ILogger<DurableTaskDispatcher>>()));
            if (options.PollQueues)
            {
                services.AddSingleton<IHostedService, DurableTaskWorker>();
            }
        }

        services.AddLogging();
        return services;
    }

    /// <summary>Creates the hub's tables and queues; the worker does this itself when it starts.</summary>
    public static Task CreateTaskHubIfNotExistsAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<TaskHub>().CreateIfNotExistsAsync(cancellationToken);
}
