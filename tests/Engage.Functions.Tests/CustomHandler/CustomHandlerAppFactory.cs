using System.Globalization;
using Engage.Functions.Hosting;
using Engage.Functions.Timers;
using Engage.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>
/// The real app as the Functions host runs it (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set), on the test run's
/// Azurite with a task hub of its own, plus any timers a test adds. Every host setting is set here, so a
/// developer's own local.settings.json cannot change what a test sees.
/// </summary>
public sealed class CustomHandlerAppFactory(AzuriteServer azurite, bool customHandler = true, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    public CapturedLogs Logs { get; } = new();

    public string HubName { get; } = "ch" + Guid.NewGuid().ToString("N")[..12];

    public IList<ITimerFunction> Timers { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Standalone, the app checks keys itself unless in local development, as tests that compare with it run.
        builder.UseSetting(FunctionsHostOptions.EnvironmentSetting, customHandler ? "Production" : "Development");
        builder.UseSetting(FunctionsHostOptions.FunctionKeysSetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.AdminKeySetting, string.Empty);
        builder.UseSetting(
            FunctionsHostOptions.CustomHandlerPortSetting,
            customHandler ? FreePorts.Next().ToString(CultureInfo.InvariantCulture) : string.Empty);
        builder.UseSetting(FunctionsHostOptions.StorageSetting, azurite.ConnectionString);
        builder.UseSetting(DurableHostingExtensions.TaskHubSetting, HubName);
        builder.UseSetting("FATHOM_API_KEY", string.Empty);
        builder.UseSetting("OPENAI_API_KEY", string.Empty);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var timer in Timers)
            {
                services.AddSingleton(timer);
            }

            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
