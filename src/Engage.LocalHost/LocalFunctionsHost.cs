using Engage.Functions;
using Engage.Functions.Hosting;
using Engage.Functions.Storage;
using Engage.Functions.WebConsole;
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
/// <c>http://127.0.0.1:7071/api</c> (keys not checked, so loopback only: it refuses to start on any other address),
/// timers on their schedules, orchestrations and activities on the Durable Task engine, and Durable Functions' HTTP
/// management API.
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
        RequireLoopbackEndpoints(builder.Configuration);
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
        MapConsoleRedirect(app, hostJson);
        app.MapDurableManagementApi();
        return app;
    }

    /// <summary>
    /// <c>http://localhost:7071/</c> opens the console, which the app serves at its own route (docs/console.md); on
    /// Azure the Functions host owns the site root, so there the console's address is the route itself.
    /// </summary>
    private static void MapConsoleRedirect(WebApplication app, IConfiguration hostJson)
    {
        var console = HttpTriggerEndpoints.PathFor(hostJson, ConsoleFunction.Route) + "/";
        app.MapGet("/", () => Results.Redirect(console));
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
    /// Keys are not checked, as under <c>func start</c>, so nothing beyond this machine may reach the host: the URLs of
    /// ASPNETCORE_URLS or --urls, 127.0.0.1:7071 when there are none.
    /// </summary>
    /// <exception cref="InvalidOperationException">A URL would listen beyond this machine; the message names it.</exception>
    internal static string LoopbackUrls(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"http://127.0.0.1:{DefaultPort}";
        }

        var urls = configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            RequireLoopback(url, "ASPNETCORE_URLS / --urls");
        }

        return string.Join(';', urls);
    }

    /// <summary>Kestrel's own endpoints (<c>Kestrel:Endpoints:&lt;name&gt;:Url</c>) take the place of the URLs, so they are held to the same rule.</summary>
    /// <exception cref="InvalidOperationException">An endpoint would listen beyond this machine; the message names it.</exception>
    private static void RequireLoopbackEndpoints(IConfiguration configuration)
    {
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url)
            {
                RequireLoopback(url, $"Kestrel:Endpoints:{endpoint.Key}:Url");
            }
        }
    }

    private static void RequireLoopback(string url, string setting)
    {
        var address = BindingAddress.Parse(url);

        // A Unix socket or named pipe never leaves the machine.
        if (address.IsUnixPipe || address.IsNamedPipe || NetworkAddress.IsLoopback(address.Host))
        {
            return;
        }

        throw new InvalidOperationException(
            $"{setting} asks the local host to listen on {url}, beyond this machine. The local host does not check function or admin keys "
            + "(as under func start), so anyone who reached it could call every function and the Durable management API: it listens on "
            + "loopback only and does not start otherwise. Use http://127.0.0.1:<port>, http://localhost:<port>, http://[::1]:<port> or a "
            + "unix socket; to serve other machines, deploy the app to Azure, where keys are checked.");
    }
}
