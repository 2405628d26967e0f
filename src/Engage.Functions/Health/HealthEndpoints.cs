using System.Reflection;
using Engage.Functions.Http;
using Engage.Functions.Keys;

namespace Engage.Functions.Health;

/// <summary><c>GET /api/health</c>: anonymous, so load balancers and the Functions host can call it without a key.</summary>
public sealed class HealthEndpoints : IEndpointModule
{
    private static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public void MapEndpoints(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", CheckAsync).WithAuthLevel(AuthorizationLevel.Anonymous);

    private static async Task<IResult> CheckAsync(IEnumerable<IHealthProbe> probes, HttpResponse response, CancellationToken cancellationToken)
    {
        var running = probes.Select(async probe => (probe, await probe.ProbeAsync(cancellationToken))).ToList();
        var report = new HealthReport(await Task.WhenAll(running));
        response.Headers.CacheControl = "no-store";
        return TypedResults.Json(
            report.ToJson(Version),
            statusCode: report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
