namespace Engage.LocalHost.Settings;

/// <summary>
/// The app's <c>host.json</c> as configuration, with the overrides the Functions host accepts from app settings
/// (<c>AzureFunctionsJobHost__extensions__durableTask__hubName</c> and the like), so both hosts read one file.
/// </summary>
public static class HostJson
{
    public const string FileName = "host.json";
    public const string OverrideSection = "AzureFunctionsJobHost";

    /// <exception cref="InvalidOperationException">The app folder has no host.json.</exception>
    public static IConfiguration Load(string appRoot, IConfiguration settings)
    {
        var path = Path.Combine(appRoot, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: the app folder is not a built Functions app (build src/Engage.Functions first).");
        }

        var overrides = settings.GetSection(OverrideSection).AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null);
        return new ConfigurationBuilder()
            .AddJsonFile(path, optional: false, reloadOnChange: false)
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>Resolves a value written as <c>%SETTING%</c>, as the host does for binding and host.json values.</summary>
    /// <exception cref="InvalidOperationException">The value names a setting that is not set.</exception>
    public static string Resolve(string value, IConfiguration settings, string what)
    {
        if (value.Length < 3 || value[0] != '%' || value[^1] != '%')
        {
            return value;
        }

        var name = value[1..^1];
        return settings[name] is { Length: > 0 } resolved
            ? resolved
            : throw new InvalidOperationException($"{what} is '{value}', but the app setting {name} is not set (local.settings.json Values or an environment variable).");
    }
}
