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
}
