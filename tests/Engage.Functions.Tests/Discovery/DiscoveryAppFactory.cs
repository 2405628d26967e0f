using System.Text.Json;
using Engage.Functions.Discovery.Engine;
using Engage.Functions.Hosting;
using Engage.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Discovery;

/// <summary>
/// The real app on the test run's Azurite in local development mode (no keys), with tables of its own
/// (a table prefix) and the given crews. Timers are off unless a test turns them on, so runs happen when a
/// test says.
/// </summary>
public sealed class DiscoveryAppFactory : WebApplicationFactory<Program>
{
    public const string WebhookSecret = "test-webhook-secret";

    private readonly AzuriteServer _azurite;
    private readonly object[]? _crews;
    private readonly (string Key, string Value)[] _settings;

    public DiscoveryAppFactory(AzuriteServer azurite, object[]? crews, params (string Key, string Value)[] settings)
    {
        _azurite = azurite;
        _crews = crews;
        _settings = settings;
        TablePrefix = "d" + Guid.NewGuid().ToString("N")[..12];
    }

    public string TablePrefix { get; init; }

    public CapturedLogs Logs { get; } = new();

    public DiscoveryRunner Runner => Services.GetRequiredService<DiscoveryRunner>();

    public CrewDiscovery CrewDiscovery => Services.GetRequiredService<CrewDiscovery>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(FunctionsHostOptions.EnvironmentSetting, "Development");
        builder.UseSetting(FunctionsHostOptions.FunctionKeysSetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.AdminKeySetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.CustomHandlerPortSetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.StorageSetting, _azurite.ConnectionString);
        builder.UseSetting(DurableHostingExtensions.TaskHubSetting, "d" + Guid.NewGuid().ToString("N")[..12]);
        builder.UseSetting("FATHOM_API_KEY", string.Empty);
        builder.UseSetting("OPENAI_API_KEY", string.Empty);
        builder.UseSetting("ENABLE_BACKGROUND_JOBS", "false");
        builder.UseSetting("DISCOVERY_TABLE_PREFIX", TablePrefix);
        builder.UseSetting("DISCOVERY_WEBHOOK_SECRET", WebhookSecret);
        builder.UseSetting("DISCOVERY_CREWS", _crews is null ? string.Empty : JsonSerializer.Serialize(_crews));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
