using System.Net;

namespace Engage.Functions.Hosting;

/// <summary>Where an address leads, for the checks that keep keys off the network.</summary>
public static class NetworkAddress
{
    /// <summary>
    /// Whether <paramref name="host"/> (a name, an IPv4 address, or an IPv6 address with or without brackets) is
    /// this machine: <c>localhost</c>, 127.0.0.0/8 or ::1. Any other name may resolve to another machine.
    /// </summary>
    public static bool IsLoopback(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Scheme, host and port only: a message may name where a URL leads, but not its user info, path or query.</summary>
    public static string Origin(Uri url) => $"{url.Scheme}://{url.Authority}";

    /// <summary>
    /// Where a redirect's <c>Location</c> leads, resolved against the request's URL when relative; null when there is
    /// no location, or a relative one without the request's URL.
    /// </summary>
    public static Uri? RedirectTarget(string? location, Uri? requestUrl)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        // Checked for a web scheme because on Unix a bare path such as "/v1" is an absolute file: URI.
        if (Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute;
        }

        return requestUrl is not null && Uri.TryCreate(requestUrl, location, out var resolved) ? resolved : null;
    }
}
