using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Health;

/// <summary><c>GET /api/health</c>: anonymous, so load balancers and probes can call it without a key.</summary>
public sealed class HealthFunction(IEnumerable<IHealthProbe> probes)
{
    private static readonly string Version =
        typeof(HealthFunction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [Function("Health")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var running = probes.Select(async probe => (probe, await probe.ProbeAsync(cancellationToken))).ToList();
        var report = new HealthReport(await Task.WhenAll(running));
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(
            report.ToJson(Version),
            statusCode: report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
