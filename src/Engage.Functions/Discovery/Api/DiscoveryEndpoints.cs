using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Engine;
using Engage.Functions.Http;
using Engage.Functions.Keys;

namespace Engage.Functions.Discovery.Api;

/// <summary>Run discovery now (admin) and its status with metrics and alerts.</summary>
public sealed class DiscoveryEndpoints : IEndpointModule
{
    public const string StatusPath = "/api/discovery/status";

    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/discovery/run", Run).WithAuthLevel(AuthorizationLevel.Admin);
        routes.MapGet(StatusPath, GetStatusAsync).WithAuthLevel(AuthorizationLevel.Function);
    }

    private static IResult Run(DiscoveryRunner runner, IHostApplicationLifetime lifetime)
    {
        if (runner.IsRunning)
        {
            return TypedResults.Problem(detail: "A discovery run is in progress; follow it on " + StatusPath + ".", statusCode: StatusCodes.Status409Conflict, title: "Already running.");
        }

        // The run outlives the request; it stops with the app.
        _ = Task.Run(() => runner.RunAsync("manual", lifetime.ApplicationStopping));
        return TypedResults.Accepted(StatusPath, new JsonObject { ["status"] = "accepted", ["status_url"] = StatusPath });
    }

    private static async Task<IResult> GetStatusAsync(DiscoveryStatusReport report, HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        return TypedResults.Json(await report.BuildAsync(cancellationToken));
    }
}
