using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests;

/// <summary>
/// The real app under the local host on the test run's Azurite, in local development mode, with a task hub of its
/// own, its timers off (tests run discovery and retention when they say) and every outside service blanked, so a
/// developer's own settings cannot change what a test sees; features add their settings, which win, and services.
/// </summary>
public abstract class AppOnAzuriteFactory(AzuriteServer azurite) : LocalHostFactory(azurite, [])
{
    protected abstract IEnumerable<(string Key, string Value)> FeatureSettings { get; }

    protected sealed override IEnumerable<(string Key, string? Value)> Settings =>
        [.. AppSettings.Pinned, .. FeatureSettings.Select(s => (s.Key, (string?)s.Value))];

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected sealed override void ChangeServices(IServiceCollection services)
    {
        base.ChangeServices(services);
        ConfigureServices(services);
    }
}
