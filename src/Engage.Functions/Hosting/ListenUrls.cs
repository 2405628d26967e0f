using System.Net;

namespace Engage.Functions.Hosting;

/// <summary>Where Kestrel listens, from the host settings and any ASPNETCORE_URLS / --urls.</summary>
public static class ListenUrls
{
    public const string LocalDefaultPort = "7071";

    public static string Resolve(FunctionsHostOptions options, string? configuredUrls)
    {
        // The Functions host calls its handler on 127.0.0.1 and nothing else should reach it.
        if (options.CustomHandlerPort is { } port)
        {
            return $"http://127.0.0.1:{port}";
        }

        if (string.IsNullOrWhiteSpace(configuredUrls))
        {
            return options.IsLocalDevelopment ? $"http://127.0.0.1:{LocalDefaultPort}" : $"http://localhost:{LocalDefaultPort}";
        }

        // Key checks are off in local development, so no address beyond this machine may be bound.
        return options.IsLocalDevelopment
            ? string.Join(';', configuredUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ToLoopback))
            : configuredUrls;
    }

    private static string ToLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        var isLoopback = address.IsUnixPipe || address.IsNamedPipe
            || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return isLoopback ? url : $"{address.Scheme}://127.0.0.1:{address.Port}{address.PathBase}";
    }
}
