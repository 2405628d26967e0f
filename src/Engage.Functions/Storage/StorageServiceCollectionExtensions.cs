namespace Engage.Functions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The <c>AzureWebJobsStorage</c> connection (<see cref="StorageConnection"/>) and one
    /// <see cref="Azure.Data.Tables.TableServiceClient"/> and <see cref="Azure.Storage.Blobs.BlobServiceClient"/> on it,
    /// shared by every feature.
    /// </summary>
    /// <exception cref="InvalidOperationException">The settings name no usable connection.</exception>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = StorageConnection.Read(configuration);
        services.AddSingleton(connection);
        services.AddSingleton(_ => connection.CreateTableServiceClient());
        services.AddSingleton(_ => connection.CreateBlobServiceClient());

        return services;
    }
}
