using Engage.LocalHost;
using Engage.LocalHost.Settings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Testing;

/// <summary>
/// The app under the local host, in the test process, on the test run's Azurite: a task hub of its own, its logs
/// captured, and no file of the developer's (local.settings.json) read. Settings are the test's; services may be
/// swapped after the app's own registration.
/// </summary>
public class LocalHostFactory(AzuriteServer azurite, IEnumerable<(string Key, string? Value)> settings) : WebApplicationFactory<LocalFunctionsHost>
{
    public const string HubNameSetting = HostJson.OverrideSection + ":extensions:durableTask:hubName";

    public CapturedLogs Logs { get; } = new();

    /// <summary>The task hub; fixed by a test when a second host must take over the first one's work.</summary>
    public string HubName { get; init; } = "h" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Service changes, applied after the app's own registration.</summary>
    public Action<IServiceCollection>? ServiceChanges { get; init; }

    /// <summary>The app settings, read when the app is built, so a derived factory's init-only properties can shape them.</summary>
    protected virtual IEnumerable<(string Key, string? Value)> Settings => settings;

    /// <summary>Applies <see cref="ServiceChanges"/>; a derived factory adds its own swaps.</summary>
    protected virtual void ChangeServices(IServiceCollection services) => ServiceChanges?.Invoke(services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(EmptyContentRoot.Path);
        builder.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
        builder.UseSetting(HubNameSetting, HubName);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            ChangeServices(services);

            // Captured instead of written to the console, where they would bury the test results.
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
