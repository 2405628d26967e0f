using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Engage.Functions.Hosting;

public static class LocalSettingsConfigurationExtensions
{
    /// <summary>
    /// Adds <c>local.settings.json</c> from <paramref name="contentRoot"/> just below the unprefixed
    /// environment variables, so an app setting set in the environment wins over the file, as it does
    /// under Core Tools.
    /// </summary>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string contentRoot)
    {
        var source = new LocalSettingsConfigurationSource(Path.Combine(contentRoot, LocalSettingsConfigurationSource.FileName));
        var environment = builder.Sources
            .Select((s, index) => (Source: s, Index: index))
            .FirstOrDefault(s => s.Source is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (environment.Source is null)
        {
            builder.Add(source);
        }
        else
        {
            builder.Sources.Insert(environment.Index, source);
        }

        return builder;
    }
}
