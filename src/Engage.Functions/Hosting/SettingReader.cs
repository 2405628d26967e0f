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
}
