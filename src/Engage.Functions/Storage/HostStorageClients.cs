using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Engage.Functions.Storage;

/// <summary>Clients of the <c>AzureWebJobsStorage</c> account, whether it is given by connection string or by identity.</summary>
public static class HostStorageClients
{
    public static TableServiceClient CreateTableServiceClient(this StorageConnection connection, TableClientOptions? options = null) =>
        connection.Identity is { } identity
            ? new TableServiceClient(identity.TableServiceUri, identity.Credential, options)
            : new TableServiceClient(connection.ConnectionString, options);

    public static BlobServiceClient CreateBlobServiceClient(this StorageConnection connection, BlobClientOptions? options = null) =>
        connection.Identity is { } identity
            ? new BlobServiceClient(identity.BlobServiceUri, identity.Credential, options)
            : new BlobServiceClient(connection.ConnectionString, options);
}
