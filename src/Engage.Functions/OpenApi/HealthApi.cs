using Microsoft.Azure.Functions.Worker;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>The health probe and this document itself.</summary>
internal static class HealthApi
{
    public static void Add(ApiBuilder api)
    {
        var probe = Object(
            "A dependency's probe, with details of its own.",
            ["status", "latency_ms"],
            ("status", Enum("ok", "degraded", "unhealthy")),
            ("latency_ms", Number()),
            ("reason", String()));
        var report = Object(
            "status is unhealthy if any probe is, else degraded if any is, else ok; the other members are groups of probes by name.",
            ["status", "version"],
            ("status", Enum("ok", "degraded", "unhealthy")),
            ("version", String("The app's informational version.")));
        report.AdditionalProperties = Map(probe);

        api.Operation(HttpMethod.Get, "health", "Health", AuthorizationLevel.Anonymous, Tags.Health, "Health of the app and its dependencies", "Anonymous, for load balancers and probes; 503 while a dependency is unhealthy.")
            .Answers(200, "Healthy or degraded (a degraded dependency still serves, through its fallback).", report);

        api.Operation(HttpMethod.Get, OpenApiFunction.Route, "OpenApiDocument", AuthorizationLevel.Anonymous, Tags.Document, "This OpenAPI 3.1 document")
            .Answers(200, "The document.", Object("An OpenAPI 3.1 document.", ["openapi", "info", "paths"], ("openapi", Pattern("^3\\.1\\.")), ("info", Object(null, [])), ("paths", Object(null, []))));
    }
}
