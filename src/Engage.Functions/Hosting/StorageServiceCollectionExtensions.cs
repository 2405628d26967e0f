using Engage.Storage.Queues;
using Engage.Storage.Tables;
using Microsoft.Extensions.Options;

namespace Engage.Functions.Hosting;

public static class StorageServiceCollectionExtensions
{
    /// <summary>One table and one queue service client on <c>AzureWebJobsStorage</c>, shared by every feature.</summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.StorageConnectionString));
        services.AddSingleton(sp => new QueueServiceClient(sp.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.StorageConnectionString));
        return services;
    }
}
