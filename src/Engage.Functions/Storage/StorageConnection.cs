using Azure.Data.Tables;
using Engage.Functions.Hosting;

namespace Engage.Functions.Storage;

/// <summary>
/// The <c>AzureWebJobsStorage</c> connection, read as the Functions host reads it: a connection string in
/// <c>AzureWebJobsStorage</c> (else <c>ConnectionStrings:AzureWebJobsStorage</c>), or an identity-based
/// connection under <c>AzureWebJobsStorage__</c> (<see cref="StorageIdentitySettings"/>); Azurite on its default
/// ports when neither is set. Nothing else reads these settings.
/// </summary>
public sealed class StorageConnection
{
    public const string Setting = "AzureWebJobsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private StorageConnection(string connectionString, StorageIdentitySettings? identity)
    {
        ConnectionString = connectionString;
        Identity = identity;
    }

    /// <summary>The connection string, <see cref="DevelopmentStorage"/> unless one is set; not used when <see cref="Identity"/> is set.</summary>
    public string ConnectionString { get; }

    /// <summary>The identity-based connection, read only when no connection string is set.</summary>
    public StorageIdentitySettings? Identity { get; }

    /// <exception cref="InvalidOperationException">The settings name no usable connection.</exception>
    public static StorageConnection Read(IConfiguration configuration)
    {
        // As the WebJobs SDK does, the connection may also come from the ConnectionStrings section, and a
        // connection string wins over identity-based settings.
        var connectionString = SettingReader.Text(configuration[Setting]) ?? SettingReader.Text(configuration.GetConnectionString(Setting));
        return connectionString is null
            ? new StorageConnection(DevelopmentStorage, StorageIdentitySettings.Read(configuration.GetSection(Setting)))
            : new StorageConnection(Usable(connectionString), identity: null);
    }

    private static string Usable(string connectionString)
    {
        try
        {
            // The SDK's parser accepts any endpoint scheme; only http(s) reaches a storage account.
            if (new TableServiceClient(connectionString).Uri is { Scheme: "https" or "http" })
            {
                return connectionString;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's message may quote a segment of the string, key included, so it is not passed on.
        }

        throw new InvalidOperationException(
            $"{Setting} is not a usable storage connection string: use '{DevelopmentStorage}', one with AccountName, AccountKey and https/http endpoints, or an identity-based connection ({Setting}__accountName).");
    }
}
