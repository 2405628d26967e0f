using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace Engage.Functions.OpenApi;

/// <summary>
/// The document being built and the shapes every feature shares: RFC 9457 problems, list pages, the command headers
/// (Idempotency-Key, If-Match) and the security schemes of the Functions host's authorization levels.
/// </summary>
internal sealed class ApiBuilder
{
    public const string JsonType = "application/json";
    public const string ProblemType = "application/problem+json";
    public const string EventStreamType = "text/event-stream";

    /// <summary>The host's route prefix, which every HTTP function's route sits under.</summary>
    public const string RoutePrefix = "/api/";

    public const string FunctionKey = "functionKey";
    public const string FunctionKeyQuery = "functionKeyQuery";
    public const string MasterKey = "masterKey";
    public const string AppServiceAuth = "appServiceAuth";

    public ApiBuilder(OpenApiDocument document)
    {
        Document = document;
        Document.Components ??= new OpenApiComponents();
        Document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        Document.Paths ??= [];
        Schema("Problem", Schemas.Object(
            "An RFC 9457 problem: every answer that is not a success (docs/http-errors.md). 500 and 503 carry the traceId the error was logged with.",
            ["title", "status", "detail"],
            ("type", Schemas.String("A URI reference to the kind of problem.")),
            ("title", Schemas.String()),
            ("status", Schemas.Integer(minimum: 400, maximum: 599)),
            ("detail", Schemas.String("What is wrong, in a sentence a person can act on.")),
            ("traceId", Schemas.String("The id the request's logs carry.")),
            ("errors", Schemas.Map(Schemas.Array(Schemas.String()), "Messages per input field, when several fields are wrong."))));
    }

    public OpenApiDocument Document { get; }

    public IOpenApiSchema Problem => Ref("Problem");

    public IOpenApiSchema Ref(string name) => new OpenApiSchemaReference(name, Document);

    /// <summary>Adds a shared schema and answers its reference.</summary>
    public IOpenApiSchema Schema(string name, IOpenApiSchema schema)
    {
        Document.Components!.Schemas![name] = schema;
        return Ref(name);
    }

    /// <summary>A list page, <c>{items, continuation}</c>: continuation is null after the last page.</summary>
    public IOpenApiSchema Page(IOpenApiSchema item, string? description = null) => Schemas.Record(
        description ?? "One page of a list; pass continuation back to read the next, null after the last page.",
        ("items", Schemas.Array(item)),
        ("continuation", Schemas.Text("An opaque token of Engage's own; null after the last page.")));

    /// <summary>
    /// The operation of function <paramref name="functionName"/>, named by it (operationId), at <c>/api/</c>+<paramref name="route"/>.
    /// <paramref name="level"/> is the function's authorization level, which says which keys the Functions host asks for.
    /// </summary>
    public OperationBuilder Operation(HttpMethod method, string route, string functionName, AuthorizationLevel level, string tag, string summary, string? description = null)
    {
        var path = RoutePrefix + route;
        if (!Document.Paths.TryGetValue(path, out var item))
        {
            item = new OpenApiPathItem();
            Document.Paths[path] = item;
        }

        var operation = new OpenApiOperation
        {
            OperationId = functionName,
            Summary = summary,
            Description = description,
            Tags = new HashSet<OpenApiTagReference> { new(tag, Document) },
            Responses = [],
            Parameters = [],
            Security = Security(level, tag),
        };
        ((OpenApiPathItem)item).AddOperation(method, operation);
        foreach (var name in ParameterNames(route))
        {
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = Schemas.String() });
        }

        return new OperationBuilder(this, operation);
    }

    /// <summary>
    /// Anonymous routes ask for nothing. The others need a function key (header or <c>code</c> query), the admin ones the
    /// master key; the workflow routes on Azure also need the App Service sign-in, which names the caller (docs/workflow-callers.md).
    /// </summary>
    private List<OpenApiSecurityRequirement> Security(AuthorizationLevel level, string tag)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return [];
        }

        var signedIn = tag.StartsWith(Tags.WorkflowsPrefix, StringComparison.Ordinal);
        OpenApiSecurityRequirement Requirement(string key)
        {
            var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(key, Document)] = [] };
            if (signedIn)
            {
                requirement[new OpenApiSecuritySchemeReference(AppServiceAuth, Document)] = [];
            }

            return requirement;
        }

        return level == AuthorizationLevel.Admin
            ? [Requirement(MasterKey)]
            : [Requirement(FunctionKey), Requirement(FunctionKeyQuery)];
    }

    private static IEnumerable<string> ParameterNames(string route) =>
        route.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);
}

/// <summary>Adds an operation's parameters, body and answers.</summary>
internal sealed class OperationBuilder(ApiBuilder api, OpenApiOperation operation)
{
    public OpenApiOperation Operation => operation;

    public OperationBuilder PathParameter(string name, IOpenApiSchema schema, string description)
    {
        var parameter = (OpenApiParameter)operation.Parameters!.Single(p => p.Name == name);
        parameter.Schema = schema;
        parameter.Description = description;
        return this;
    }

    public OperationBuilder Query(string name, IOpenApiSchema schema, string description, bool required = false)
    {
        operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = required, Schema = schema, Description = description });
        return this;
    }

    public OperationBuilder Header(string name, IOpenApiSchema schema, string description, bool required = false)
    {
        operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Required = required, Schema = schema, Description = description });
        return this;
    }

    /// <summary>The page parameters: <c>limit</c> within its bounds and the <c>continuation</c> a page handed out.</summary>
    public OperationBuilder Paging(int defaultLimit, int maxLimit) =>
        Query("limit", Schemas.Integer($"Items per page, 1-{maxLimit} (default {defaultLimit}).", 1, maxLimit), "Items per page.")
            .Query("continuation", Schemas.String(), "The continuation of the previous page; any other value is a 400.");

    /// <summary>A command: an optional Idempotency-Key (docs/idempotency.md).</summary>
    public OperationBuilder Idempotent() => Header(
        "Idempotency-Key",
        Schemas.Pattern("^[\\x20-\\x7E]{1,255}$"),
        "1-255 printable ASCII characters. A repeat of the same request answers the first answer again with Idempotent-Replayed: true; another body with the same key is a 422.");

    /// <summary>A write over a read: an optional If-Match with the ETag the read answered, and the 412 a stale one gets.</summary>
    public OperationBuilder IfMatch() =>
        Header("If-Match", Schemas.String(), "The ETag of the read this write is based on (\"{version}\"); a stale one is a 412.")
            .Problem(412, "If-Match is stale.");

    public OperationBuilder Body(IOpenApiSchema schema, JsonNode example, string? description = null, bool required = true, string contentType = ApiBuilder.JsonType)
    {
        operation.RequestBody ??= new OpenApiRequestBody { Required = required, Description = description, Content = new Dictionary<string, IOpenApiMediaType>() };
        operation.RequestBody.Content![contentType] = new OpenApiMediaType { Schema = schema, Example = example };
        return this;
    }

    /// <summary>A success with a JSON body; <paramref name="headers"/> are the response headers it carries.</summary>
    public OperationBuilder Answers(int status, string description, IOpenApiSchema schema, JsonNode? example = null, params string[] headers)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { [ApiBuilder.JsonType] = new OpenApiMediaType { Schema = schema, Example = example } },
        };
        AddHeaders(response, headers);
        operation.Responses![Status(status)] = response;
        return this;
    }

    /// <summary>A success with no body.</summary>
    public OperationBuilder Empty(int status, string description, params string[] headers)
    {
        var response = new OpenApiResponse { Description = description };
        AddHeaders(response, headers);
        operation.Responses![Status(status)] = response;
        return this;
    }

    /// <summary>
    /// The answer <paramref name="status"/> also as server-sent events, for a client that asks for them with
    /// <c>Accept: text/event-stream</c>. <paramref name="itemSchema"/> describes one event as OpenAPI 3.2's
    /// <c>itemSchema</c> does (its <c>event</c>, and its <c>data</c> as JSON text with a <c>contentSchema</c>); a 3.1
    /// document carries it as <c>x-oai-itemSchema</c>, which is how Microsoft.OpenApi writes the field before 3.2.
    /// </summary>
    public OperationBuilder Streams(int status, string description, IOpenApiSchema itemSchema)
    {
        var response = (OpenApiResponse)operation.Responses![Status(status)];
        response.Content![ApiBuilder.EventStreamType] = new OpenApiMediaType
        {
            Schema = Schemas.String(description),
            ItemSchema = itemSchema,
        };
        return this;
    }

    /// <summary>A problem+json answer with the status's meaning on this route; <paramref name="schema"/> when it carries more than the shared Problem.</summary>
    public OperationBuilder Problem(int status, string description, IOpenApiSchema? schema = null)
    {
        operation.Responses![Status(status)] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { [ApiBuilder.ProblemType] = new OpenApiMediaType { Schema = schema ?? api.Problem } },
        };
        return this;
    }

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AddHeaders(OpenApiResponse response, string[] names)
    {
        if (names.Length == 0)
        {
            return;
        }

        response.Headers = names.ToDictionary(n => n, n => (IOpenApiHeader)new OpenApiHeader { Description = HeaderDescriptions[n], Schema = Schemas.String(), Required = n != ContinuationHeader });
    }

    /// <summary>Sent only when there is a next page.</summary>
    private const string ContinuationHeader = "x-ms-continuation-token";

    private static readonly Dictionary<string, string> HeaderDescriptions = new(StringComparer.Ordinal)
    {
        ["ETag"] = "The record's version, \"{version}\", for If-Match.",
        ["Location"] = "Where the created resource is read.",
        ["Retry-After"] = "Seconds to wait before polling again.",
        [ContinuationHeader] = "The page's continuation, as in the body; only when there is a next page.",
    };
}
