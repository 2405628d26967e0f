using Engage.Functions.CustomHandler;
using Engage.Functions.Discovery;
using Engage.Functions.Engagement;
using Engage.Functions.Health;
using Engage.Functions.Http;
using Engage.Functions.Storage;
using Engage.Functions.Timers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Hosting;

public static class EngageHostBuilderExtensions
{
    /// <summary>Configuration, listening address, logging and services of the host.</summary>
    public static WebApplicationBuilder AddEngageHost(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
        builder.Services.AddOptions<FunctionsHostOptions>()
            .Configure<IConfiguration>((options, configuration) => options.ReadFrom(configuration))
            .ValidateOnStart();

        var host = FunctionsHostOptions.From(builder.Configuration);
        builder.WebHost.UseUrls(ListenUrls.Resolve(host, builder.Configuration[WebHostDefaults.ServerUrlsKey]));

        builder.Logging.AddEngageConsole();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddEngageProblemDetails();
        builder.Services.AddHealth();
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddEngageDurable(builder.Configuration, host);
        builder.Services.AddEngagement(builder.Configuration);
        builder.Services.AddDiscovery(builder.Configuration);
        builder.Services.AddHostedService<TimerScheduler>();
        if (host.IsCustomHandler)
        {
            builder.Services.AddCustomHandler();
        }

        return builder;
    }
}
