using Engage.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Engage.Functions.CustomHandler;

public static class FunctionManifestExtensions
{
    /// <summary>
    /// With <c>--emit-functions DIR</c>: writes a folder per function of the app, as mapped for the Functions
    /// host, into DIR and returns true, and the process should then end instead of serving.
    /// </summary>
    public static bool TryEmitFunctions(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.EmitFunctionsDirectory is not { } directory)
        {
            return false;
        }

        // The app's own route builder rather than the global endpoint source, which routing fills only once
        // the app starts.
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints);
        var functions = app.Services.GetRequiredService<FunctionCatalog>().Describe(endpoints);
        var target = Path.GetFullPath(directory);
        FunctionManifestWriter.Write(functions, target);
        Console.Out.WriteLine($"Wrote {functions.Count} function folders to {target}");
        return true;
    }
}
