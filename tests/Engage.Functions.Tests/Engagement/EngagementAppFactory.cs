using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Hosting;
using Engage.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Engagement;

/// <summary>
/// The real app on the test run's Azurite, in local development mode (no keys), with a task hub
/// of its own. Tests may swap the meeting source or add settings.
/// </summary>
public sealed class EngagementAppFactory(AzuriteServer azurite, IMeetingSource? meetings = null, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>Extra service changes, applied last.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>The task hub, fixed so a second app can take over the first one's work.</summary>
    public string HubName { get; init; } = "e" + Guid.NewGuid().ToString("N")[..12];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(FunctionsHostOptions.EnvironmentSetting, "Development");
        builder.UseSetting(FunctionsHostOptions.FunctionKeysSetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.AdminKeySetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.CustomHandlerPortSetting, string.Empty);
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
            if (meetings is not null)
            {
                services.RemoveAll<IMeetingSource>();
                services.AddSingleton(meetings);
            }

            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
            ExtraServices?.Invoke(services);
        });
    }
}
