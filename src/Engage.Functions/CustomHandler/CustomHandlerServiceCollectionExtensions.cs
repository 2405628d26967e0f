using Engage.Durable.Worker;
using Engage.Functions.Http;

namespace Engage.Functions.CustomHandler;

public static class CustomHandlerServiceCollectionExtensions
{
    /// <summary>What custom-handler mode adds: the invocation endpoints and the catalog that function.json files are made from.</summary>
    public static IServiceCollection AddCustomHandler(this IServiceCollection services)
    {
        services.AddSingleton<FunctionCatalog>();
        services.AddSingleton<TimerInvoker>();
        services.AddSingleton<QueueInvoker>();
        services.AddSingleton<IEndpointModule, InvocationEndpoints>();
        return services;
    }

    /// <summary>A queue function per control queue and one for the work-item queue of the task hub.</summary>
    /// <param name="hubSetting">The app setting naming the hub, which the functions' queue names refer to.</param>
    public static IServiceCollection AddDurableQueueFunctions(this IServiceCollection services, int partitionCount, string hubSetting)
    {
        for (var partition = 0; partition < partitionCount; partition++)
        {
            var name = DurableQueueFunction.ControlName(partition);
            var queue = DurableQueueFunction.ControlQueue(hubSetting, partition);
            services.AddSingleton<IQueueFunction>(sp =>
                new DurableQueueFunction(name, queue, sp.GetRequiredService<DurableTaskDispatcher>().HandleControlMessageAsync));
        }

        services.AddSingleton<IQueueFunction>(sp => new DurableQueueFunction(
            DurableQueueFunction.WorkItemsName, DurableQueueFunction.WorkItemQueue(hubSetting), sp.GetRequiredService<DurableTaskDispatcher>().HandleWorkItemAsync));
        return services;
    }
}
