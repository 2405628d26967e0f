using Engage.Functions.Commands;
using Engage.Functions.Discovery;
using Engage.Functions.Engagement;
using Engage.Functions.Health;
using Engage.Functions.Http;
using Engage.Functions.Storage;
using Engage.Functions.WebConsole;
using Engage.Functions.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions;

public static class EngageApplication
{
    /// <summary>
    /// Every feature's services and the worker middleware, one line each. <c>Program.cs</c> calls it under the
    /// Functions host, and the local host calls it too, so both run the same container.
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder AddEngage(this IFunctionsWorkerApplicationBuilder app, IConfiguration configuration)
    {
        app.UseMiddleware<HttpProblemMiddleware>();
        app.Services.TryAddSingleton(TimeProvider.System);
        app.Services.AddProblemDetails();
        app.Services.AddStorage(configuration);
        app.Services.AddCommands();
        app.Services.AddHealth();
        app.Services.AddEngagement(configuration);
        app.Services.AddDiscovery(configuration);
        app.Services.AddWorkflows(configuration);
        app.Services.AddSingleton<ConsoleAssets>();
        return app;
    }
}
