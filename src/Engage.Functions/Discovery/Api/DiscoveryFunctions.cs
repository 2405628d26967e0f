using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Engine;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Discovery.Api;

/// <summary>Run discovery now (admin) and its status with metrics and alerts.</summary>
public sealed class DiscoveryFunctions(DiscoveryRunner runner, DiscoveryStatusReport report, IHostApplicationLifetime lifetime)
{
    public const string StatusRoute = "discovery/status";

    /// <summary>Where a caller follows a run it started: the status route under the host's route prefix.</summary>
    private const string StatusPath = "/api/" + StatusRoute;

    [Function("RunDiscovery")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "discovery/run")] HttpRequest request)
    {
        if (runner.IsRunning)
        {
            return TypedResults.Problem(detail: "A discovery run is in progress; follow it on " + StatusPath + ".", statusCode: StatusCodes.Status409Conflict, title: "Already running.");
        }

        // The run outlives the request (crews may take minutes, beyond HTTP timeouts); it stops with the app.
        _ = Task.Run(() => runner.RunAsync("manual", lifetime.ApplicationStopping));
        return TypedResults.Accepted(StatusPath, new JsonObject { ["status"] = "accepted", ["status_url"] = StatusPath });
    }

    [Function("GetDiscoveryStatus")]
    public async Task<IResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = StatusRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(await report.BuildAsync(cancellationToken));
    }
}
