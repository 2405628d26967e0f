using Microsoft.Extensions.Options;

namespace Engage.Functions.Hosting;

public static class StorageServiceCollectionExtensions
{
    /// <summary>One table and one queue service client on <c>AzureWebJobsStorage</c>, shared by every feature.</summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.CreateTableServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.CreateQueueServiceClient());
        return services;
    }
}
