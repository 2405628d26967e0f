using Azure.Core;
using Azure.Identity;
using Engage.Functions.Hosting;

namespace Engage.Functions.Storage;

/// <summary>
/// An identity-based <c>AzureWebJobsStorage</c> connection, read from the same settings the Functions host
/// reads for one (<c>AzureWebJobsStorage__accountName</c>, or <c>__blobServiceUri</c>, <c>__queueServiceUri</c> and
/// <c>__tableServiceUri</c>; <c>__credential</c>; <c>__clientId</c>), so the app and its host reach the account
/// with one managed identity and no key. The app itself uses tables; a host's task hub uses all three services.
/// </summary>
public sealed class StorageIdentitySettings
{
    public const string AccountNameKey = "accountName";
    public const string BlobServiceUriKey = "blobServiceUri";
    public const string TableServiceUriKey = "tableServiceUri";
    public const string QueueServiceUriKey = "queueServiceUri";
    public const string CredentialKey = "credential";
    public const string ClientIdKey = "clientId";
    public const string ManagedIdentityCredential = "managedidentity";

    private readonly Lazy<TokenCredential> _credential;

    private StorageIdentitySettings(Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, string? clientId, bool useManagedIdentity)
    {
        BlobServiceUri = blobServiceUri;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        ClientId = clientId;
        UseManagedIdentity = useManagedIdentity || clientId is not null;

        // One credential for every client, so they share its token cache.
        _credential = new Lazy<TokenCredential>(CreateCredential);
    }

    public Uri BlobServiceUri { get; }

    public Uri TableServiceUri { get; }

    public Uri QueueServiceUri { get; }

    /// <summary>A user-assigned managed identity's client id; null for the system-assigned one.</summary>
    public string? ClientId { get; }

    /// <summary>False off Azure: <c>DefaultAzureCredential</c> then finds the developer's own sign-in.</summary>
    public bool UseManagedIdentity { get; }

    public TokenCredential Credential => _credential.Value;

    /// <summary>The settings under <paramref name="connection"/>, or null when it names no account.</summary>
    /// <exception cref="InvalidOperationException">The settings name an account only half-way.</exception>
    public static StorageIdentitySettings? Read(IConfigurationSection connection)
    {
        var account = SettingReader.Text(connection[AccountNameKey]);
        if (account is not null && (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
        {
            throw new InvalidOperationException($"{connection.Path}__{AccountNameKey} must be a storage account name (3-24 lowercase letters and digits), not '{account}'.");
        }

        var blob = ReadUri(connection, BlobServiceUriKey) ?? ServiceUri(account, "blob");
        var queue = ReadUri(connection, QueueServiceUriKey) ?? ServiceUri(account, "queue");
        var table = ReadUri(connection, TableServiceUriKey) ?? ServiceUri(account, "table");
        if (blob is null && queue is null && table is null)
        {
            return null;
        }

        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"{connection.Path}__{BlobServiceUriKey}, __{QueueServiceUriKey} and __{TableServiceUriKey} go together (the task hub uses all three services); or set {connection.Path}__{AccountNameKey}.");
        }

        var managedIdentity = string.Equals(SettingReader.Text(connection[CredentialKey]), ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase);
        return new StorageIdentitySettings(blob, queue, table, SettingReader.Text(connection[ClientIdKey]), managedIdentity);
    }

    private TokenCredential CreateCredential() =>
        ClientId is { } clientId ? new Azure.Identity.ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : UseManagedIdentity ? new Azure.Identity.ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
        : new DefaultAzureCredential();

    private static Uri? ServiceUri(string? account, string service) =>
        account is null ? null : new Uri($"https://{account}.{service}.core.windows.net");

    private static Uri? ReadUri(IConfigurationSection connection, string key) =>
        SettingReader.HttpUrl(connection[key], text => $"{connection.Path}__{key} must be an absolute http(s) URL, not '{text}'.");
}
