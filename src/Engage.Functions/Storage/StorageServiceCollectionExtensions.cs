namespace Engage.Functions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The <c>AzureWebJobsStorage</c> connection (<see cref="StorageConnection"/>) and one
    /// <see cref="Azure.Data.Tables.TableServiceClient"/> on it, shared by every feature.
    /// </summary>
    /// <exception cref="InvalidOperationException">The settings name no usable connection.</exception>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = StorageConnection.Read(configuration);
        services.AddSingleton(connection);
        services.AddSingleton(_ => connection.CreateTableServiceClient());

        // Only for the old durable engine (src/Engage.Durable, wired in DurableHostingExtensions), which takes
        // Engage.Storage's own clients; these two go when that engine does.
        services.AddSingleton(_ => connection.Identity is { } identity
            ? new Engage.Storage.Tables.TableServiceClient(identity.TableServiceUri, identity.Credential)
            : new Engage.Storage.Tables.TableServiceClient(connection.ConnectionString));
        services.AddSingleton(_ => connection.Identity is { } identity
            ? new Engage.Storage.Queues.QueueServiceClient(identity.QueueServiceUri, identity.Credential)
            : new Engage.Storage.Queues.QueueServiceClient(connection.ConnectionString));
        return services;
    }
}
