using Azure.Identity;
using DurableTask.AzureStorage;

namespace Engage.LocalHost.Durable;

/// <summary>
/// The task hub's storage account: the <c>AzureWebJobsStorage</c> connection, as Durable Functions takes it — a
/// connection string (<c>UseDevelopmentStorage=true</c> for Azurite), or identity-based with
/// <c>AzureWebJobsStorage__accountName</c> or the three <c>__blobServiceUri</c>, <c>__queueServiceUri</c> and
/// <c>__tableServiceUri</c>.
/// </summary>
public static class DurableStorage
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    /// <exception cref="InvalidOperationException">The identity-based settings name only some of the services.</exception>
    public static StorageAccountClientProvider ClientProvider(IConfiguration settings)
    {
        if (settings[ConnectionSetting] is { Length: > 0 } connectionString)
        {
            return new StorageAccountClientProvider(connectionString);
        }

        if (settings.GetConnectionString(ConnectionSetting) is { Length: > 0 } named)
        {
            return new StorageAccountClientProvider(named);
        }

        var identity = settings.GetSection(ConnectionSetting);
        if (identity["accountName"] is { Length: > 0 } account)
        {
            return new StorageAccountClientProvider(account, new DefaultAzureCredential());
        }

        var uris = new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri" }.Select(key => identity[key]).ToArray();
        if (uris.All(u => u is { Length: > 0 }))
        {
            return new StorageAccountClientProvider(new Uri(uris[0]!), new Uri(uris[1]!), new Uri(uris[2]!), new DefaultAzureCredential());
        }

        return uris.Any(u => u is { Length: > 0 })
            ? throw new InvalidOperationException($"{ConnectionSetting}__blobServiceUri, __queueServiceUri and __tableServiceUri go together for the task hub; or set {ConnectionSetting}__accountName.")
            : new StorageAccountClientProvider("UseDevelopmentStorage=true");
    }
}
