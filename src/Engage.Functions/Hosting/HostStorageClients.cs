using Engage.Storage.Queues;
using Engage.Storage.Tables;

namespace Engage.Functions.Hosting;

/// <summary>Clients of the <c>AzureWebJobsStorage</c> account, whether it is given by connection string or by identity.</summary>
public static class HostStorageClients
{
    public static TableServiceClient CreateTableServiceClient(this FunctionsHostOptions host, TableClientOptions? options = null) =>
        host.StorageIdentity is { } identity
            ? new TableServiceClient(identity.TableServiceUri, identity.Credential, options)
            : new TableServiceClient(host.StorageConnectionString, options);

    public static QueueServiceClient CreateQueueServiceClient(this FunctionsHostOptions host, QueueClientOptions? options = null) =>
        host.StorageIdentity is { } identity
            ? new QueueServiceClient(identity.QueueServiceUri, identity.Credential, options)
            : new QueueServiceClient(host.StorageConnectionString, options);
}
