using System.Globalization;

namespace Engage.Functions.Hosting;

/// <summary>Typed reads of app settings, with a message naming the setting when a value is wrong.</summary>
public static class SettingReader
{
    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when unset.</summary>
    public static int WholeNumber(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"Setting {key} must be a whole number from {min} to {max}, not '{text}'.");
    }

    /// <summary>A duration in seconds (fractions allowed) within [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when unset.</summary>
    public static TimeSpan Seconds(IConfiguration configuration, string key, TimeSpan fallback, double min, double max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{key} must be a number of seconds from {min} to {max}, not '{text}'."));
    }

    /// <summary>The trimmed value, or null when it is unset or blank: a blank setting means unset.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An absolute http(s) URL, or null when the value is unset or blank.</summary>
    /// <param name="error">The message for any other value, given that value trimmed.</param>
    public static Uri? HttpUrl(string? value, Func<string, string> error)
    {
        if (Text(value) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new InvalidOperationException(error(text));
    }

    /// <summary>
    /// Refuses plain http to another machine: requests to <paramref name="url"/> carry a key, which plain http would
    /// show to anyone on the way. Plain http to this machine (a local model server, a test's fake) is accepted.
    /// </summary>
    /// <exception cref="InvalidOperationException">Plain http to another machine; the message names <paramref name="setting"/>.</exception>
    public static void RequireHttpsUnlessLoopback(Uri? url, string setting)
    {
        if (url is null || url.Scheme == Uri.UriSchemeHttps || NetworkAddress.IsLoopback(url.Host))
        {
            return;
        }

        throw new InvalidOperationException(
            $"{setting} must be an https URL: {NetworkAddress.Origin(url)} is plain http to another machine, so the API key and what is sent with it "
            + "would cross the network unencrypted. Plain http is accepted only to this machine (localhost, 127.0.0.1 to 127.255.255.255, [::1]).");
    }
}
