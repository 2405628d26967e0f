using Engage.Functions.Hosting;
using Engage.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests;

/// <summary>
/// The real app on the test run's Azurite with a task hub of its own and logs captured. Every
/// host setting is pinned, so a developer's own local.settings.json cannot change what a test
/// sees; features add their settings and services.
/// </summary>
public abstract class AppOnAzuriteFactory(AzuriteServer azurite) : WebApplicationFactory<Program>
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>The task hub; fixed by a test when a second app must take over the first one's work.</summary>
    public string HubName { get; init; } = "h" + Guid.NewGuid().ToString("N")[..12];

    /// <summary><c>Development</c> (no key checks) unless a test runs the app as in production.</summary>
    protected virtual string FunctionsEnvironment => FunctionsHostOptions.DevelopmentEnvironment;

    protected virtual string CustomHandlerPort => string.Empty;

    protected abstract IEnumerable<(string Key, string Value)> FeatureSettings { get; }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        PinnedSettings.Pin(builder, FunctionsEnvironment, CustomHandlerPort, azurite.ConnectionString);
        builder.UseSetting(DurableHostingExtensions.TaskHubSetting, HubName);
        foreach (var (key, value) in FeatureSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            ConfigureServices(services);
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
