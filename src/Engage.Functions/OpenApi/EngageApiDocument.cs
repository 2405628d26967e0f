using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.OpenApi;

namespace Engage.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of every public route, built as Microsoft.OpenApi's model (one file per feature in this
/// folder) and written by its writer. The contract test (tests/Engage.Functions.Tests/OpenApi) sends a request for
/// every documented status and validates the answer against the schema; docs/openapi.md.
/// </summary>
public static class EngageApiDocument
{
    private static readonly Lazy<byte[]> Serialized = new(() => Encoding.UTF8.GetBytes(ToJson(Build())));

    /// <summary>The document as UTF-8 JSON, built and written once per process: it depends on the code only.</summary>
    public static byte[] Json => Serialized.Value;

    public static OpenApiDocument Build()
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "Engage",
                Version = typeof(EngageApiDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
                Description = "Engagement summaries, conversation discovery and customer-success workflows of the Engage function app. "
                    + "Errors are RFC 9457 problem+json (docs/http-errors.md); every POST, PATCH and DELETE of the workflow routes and the engagement start take an Idempotency-Key (docs/idempotency.md). "
                    + "Besides the answers listed, any route may answer 503 (storage not answering, with Retry-After) or 500 as problem+json with a traceId, and the Functions host answers 401 without a body when a key is missing.",
            },
            Components = new OpenApiComponents { SecuritySchemes = SecuritySchemes() },
        };
        var api = new ApiBuilder(document);
        EngagementApi.Add(api);
        DiscoveryApi.Add(api);
        HealthApi.Add(api);
        CustomersApi.Add(api);
        ExecutionsApi.Add(api);
        TasksApi.Add(api);
        WorkbenchApi.Add(api);
        ChatApi.Add(api);
        document.Tags = new HashSet<OpenApiTag>(
            document.Paths.Values.SelectMany(p => p.Operations!.Values).SelectMany(o => o.Tags!).Select(t => t.Name!).Distinct().Order(StringComparer.Ordinal)
                .Select(name => new OpenApiTag { Name = name }));
        return document;
    }

    public static string ToJson(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    /// <summary>The Functions host's keys (docs/deploy.md) and App Service authentication (docs/workflow-callers.md, docs/console.md).</summary>
    private static Dictionary<string, IOpenApiSecurityScheme> SecuritySchemes() => new(StringComparer.Ordinal)
    {
        [ApiBuilder.FunctionKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "x-functions-key",
            Description = "A function key (or the master key), checked by the Functions host on Azure. The local host checks no key.",
        },
        [ApiBuilder.FunctionKeyQuery] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "code",
            Description = "The same key as the code query parameter, for clients that cannot set a header.",
        },
        [ApiBuilder.MasterKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "x-functions-key",
            Description = "The host's master key: admin-level routes (discovery's run now, the run history, workflow definitions' create, the planner's run now) accept no other.",
        },
        [ApiBuilder.AppServiceAuth] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "AppServiceAuthSession",
            Description = "App Service authentication on Azure: a signed-in browser's session cookie (or a bearer token App Service accepts). "
                + "App Service passes the user to the function as x-ms-client-principal, which names the caller of the workflow routes; without it they answer 401. "
                + "Under the local host (Development) the x-engage-user and x-engage-roles headers name the caller instead, and without them the caller is the development admin.",
        },
    };
}
