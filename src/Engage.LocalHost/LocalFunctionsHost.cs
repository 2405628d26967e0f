using System.Net;
using Engage.Functions;
using Engage.Functions.Storage;
using Engage.LocalHost.Durable;
using Engage.LocalHost.Durable.Management;
using Engage.LocalHost.Functions;
using Engage.LocalHost.Http;
using Engage.LocalHost.Settings;
using Engage.LocalHost.Timers;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

namespace Engage.LocalHost;

/// <summary>
/// Runs the built Engage.Functions app as <c>func start</c> would, for machines without Core Tools: settings from
/// <c>local.settings.json</c>, the functions from <c>functions.metadata</c>, HTTP triggers on
/// <c>http://127.0.0.1:7071/api</c> (loopback only, keys not checked), timers on their schedules, orchestrations and
/// activities on the Durable Task engine, and Durable Functions' HTTP management API.
/// </summary>
public sealed class LocalFunctionsHost
{
    public const int DefaultPort = 7071;

    private LocalFunctionsHost()
    {
    }

    /// <param name="changeServices">Service swaps after the app's own registration, for a bench or a tool that hosts the app.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? changeServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
        // The build of the app next to this host: the host references it, so its catalogue and host.json are here too.
        var catalog = FunctionCatalog.Load(AppContext.BaseDirectory);
        var hostJson = HostJson.Load(AppContext.BaseDirectory, builder.Configuration);

        builder.WebHost.UseUrls(LoopbackUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);

        var worker = new WorkerPipeline(builder.Services);
        worker.AddEngage(builder.Configuration);
        builder.Services.AddSingleton(worker);
        AddLocalFunctions(builder.Services, catalog, hostJson, builder.Configuration);
        changeServices?.Invoke(builder.Services);

        var app = builder.Build();

        // Bare statuses (no route, wrong method) as problem+json, like every other error the app answers.
        app.UseStatusCodePages();
        app.MapHttpTriggers(catalog, hostJson, app.Configuration);
        app.MapDurableManagementApi();
        return app;
    }

    private static void AddLocalFunctions(IServiceCollection services, FunctionCatalog catalog, IConfiguration hostJson, IConfiguration settings)
    {
        // The ASP.NET Core integration executes IActionResult answers with MVC's executors.
        services.AddMvcCore();
        services.AddSingleton(catalog);
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton(TaskHubOptions.From(hostJson, settings));
        services.AddSingleton(sp => DurableStorage.ClientProvider(sp.GetRequiredService<StorageConnection>()));
        // The worker's default converter, so orchestrations and the client read each other's payloads.
        services.AddSingleton(new DurableTaskWorkerOptions().DataConverter);
        services.AddSingleton<FunctionTasks>();
        services.AddSingleton(sp =>
        {
            var tasks = sp.GetRequiredService<FunctionTasks>();
            return ActivatorUtilities.CreateInstance<DurableEngine>(sp, tasks.Orchestrations, tasks.Activities);
        });
        services.AddHostedService(sp => sp.GetRequiredService<DurableEngine>());
        services.AddSingleton<DurableTaskClient, EngineDurableTaskClient>();
        services.AddHostedService<TimerTriggers>();
    }

    /// <summary>
    /// Keys are not checked, as under <c>func start</c>, so nothing beyond this machine may reach the host: any
    /// address given in ASPNETCORE_URLS or --urls is moved to loopback.
    /// </summary>
    internal static string LoopbackUrls(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"http://127.0.0.1:{DefaultPort}";
        }

        return string.Join(';', configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url =>
        {
            var address = BindingAddress.Parse(url);
            // A Unix socket or named pipe never leaves the machine.
            var isLoopback = address.IsUnixPipe || address.IsNamedPipe
                || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            return isLoopback ? url : $"{address.Scheme}://127.0.0.1:{address.Port}{address.PathBase}";
        }));
    }
}
