using DurableTask.AzureStorage;
using Engage.Functions.Storage;

namespace Engage.LocalHost.Durable;

/// <summary>The task hub's storage account: the app's own <c>AzureWebJobsStorage</c> connection, as Durable Functions takes it.</summary>
public static class DurableStorage
{
    public static StorageAccountClientProvider ClientProvider(StorageConnection connection) =>
        connection.Identity is { } identity
            ? new StorageAccountClientProvider(identity.BlobServiceUri, identity.QueueServiceUri, identity.TableServiceUri, identity.Credential)
            : new StorageAccountClientProvider(connection.ConnectionString);
}
