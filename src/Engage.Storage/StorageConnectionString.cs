namespace Engage.Storage;

/// <summary>
/// A parsed Azure Storage connection string: the full form with account name and key, explicit
/// per-service endpoints, or the <c>UseDevelopmentStorage=true</c> shorthand for Azurite.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>Azurite's well-known account, documented by Microsoft; not a secret.</summary>
    internal const string DevelopmentAccountName = "devstoreaccount1";

    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnectionString(StorageSharedKeyCredential credential, Uri tableEndpoint, Uri queueEndpoint, Uri blobEndpoint)
    {
        Credential = credential;
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        BlobEndpoint = blobEndpoint;
    }

    public StorageSharedKeyCredential Credential { get; }

    public string AccountName => Credential.AccountName;

    public Uri TableEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri BlobEndpoint { get; }

    /// <exception cref="FormatException">The string is not a usable storage connection string.</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = ParseSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            return ForDevelopmentStorage(settings.GetValueOrDefault("DevelopmentStorageProxyUri"));
        }

        var accountName = Required(settings, "AccountName");
        var accountKey = Required(settings, "AccountKey");
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
        if (protocol is not ("https" or "http"))
        {
            throw new FormatException($"DefaultEndpointsProtocol must be 'https' or 'http', not '{protocol}'.");
        }

        var suffix = settings.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
        Uri Endpoint(string service) =>
            settings.TryGetValue(service[0..1].ToUpperInvariant() + service[1..] + "Endpoint", out var explicitEndpoint)
                ? ParseEndpoint(explicitEndpoint, service)
                : new Uri($"{protocol}://{accountName}.{service}.{suffix}");

        return new StorageConnectionString(
            new StorageSharedKeyCredential(accountName, accountKey),
            Endpoint("table"),
            Endpoint("queue"),
            Endpoint("blob"));
    }

    public static bool TryParse(string? connectionString, out StorageConnectionString? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        try
        {
            result = Parse(connectionString);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static StorageConnectionString ForDevelopmentStorage(string? proxyUri)
    {
        var host = proxyUri is null ? new Uri("http://127.0.0.1") : ParseEndpoint(proxyUri, "DevelopmentStorageProxyUri");
        Uri Endpoint(int port) => new($"{host.Scheme}://{host.Host}:{port}/{DevelopmentAccountName}");
        return new StorageConnectionString(
            new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
            Endpoint(10002),
            Endpoint(10001),
            Endpoint(10000));
    }

    private static Dictionary<string, string> ParseSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The segment may hold a key; never echo it.
                throw new FormatException("A connection string segment is not of the form 'name=value'.");
            }

            settings[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        return settings;
    }

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The connection string has no {name}.");

    private static Uri ParseEndpoint(string value, string name) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"The connection string's {name} endpoint is not an absolute http(s) URI.");
}
