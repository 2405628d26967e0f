using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.OpenApi;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3.1 document of the app's routes. Anonymous, like the console that links
/// to it: it describes the routes and holds no data; each route keeps its own authorization level.
/// </summary>
public sealed class OpenApiFunction
{
    public const string Route = "openapi.json";

    [Function("OpenApiDocument")]
    public static IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request)
    {
        return TypedResults.Bytes(EngageApiDocument.Json, "application/json");
    }
}
