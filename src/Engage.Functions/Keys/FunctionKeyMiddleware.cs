using Engage.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Engage.Functions.Keys;

/// <summary>
/// Enforces each endpoint's <see cref="AuthorizationLevel"/> the way the Functions host does: the key comes in
/// the <c>x-functions-key</c> header or the <c>code</c> query parameter. Runs after routing, so it sees the
/// endpoint's metadata. Fails closed: with no keys configured, keyed endpoints refuse every caller.
/// </summary>
public sealed partial class FunctionKeyMiddleware
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly RequestDelegate _next;
    private readonly FunctionKeyRing _keys;
    private readonly bool _enabled;
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<FunctionKeyMiddleware> _logger;

    public FunctionKeyMiddleware(
        RequestDelegate next,
        IOptions<FunctionsHostOptions> options,
        IProblemDetailsService problems,
        ILogger<FunctionKeyMiddleware> logger)
    {
        _next = next;
        _problems = problems;
        _logger = logger;
        _enabled = options.Value.KeyChecksEnabled;
        _keys = new FunctionKeyRing(options.Value.FunctionKeys, options.Value.AdminKey);
        LogMode(options.Value);
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Only route endpoints run feature code. Without one the request ends in the router's own 404, 405
        // or 415, which should read the same with or without a key.
        if (!_enabled || context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return _next(context);
        }

        var level = endpoint.Metadata.GetMetadata<AuthLevelAttribute>()?.Level ?? AuthorizationLevel.Function;
        if (level == AuthorizationLevel.Anonymous)
        {
            return _next(context);
        }

        var refusal = Check(level, PresentedKey(context.Request));
        return refusal is null ? _next(context) : RefuseAsync(context, refusal.Value);
    }

    private static string? PresentedKey(HttpRequest request) =>
        request.Headers[HeaderName] is { Count: > 0 } header ? header.ToString()
        : request.Query[QueryName] is { Count: > 0 } code ? code.ToString()
        : null;

    private (int Status, string Detail)? Check(AuthorizationLevel level, string? presented)
    {
        if (level == AuthorizationLevel.Admin && !_keys.HasAdminKey)
        {
            return (StatusCodes.Status401Unauthorized, "This endpoint needs the admin key, and this host has none configured.");
        }

        if (!_keys.HasFunctionKeys && !_keys.HasAdminKey)
        {
            return (StatusCodes.Status401Unauthorized, "This endpoint needs a function key, and this host has none configured.");
        }

        if (string.IsNullOrEmpty(presented))
        {
            return (StatusCodes.Status401Unauthorized, $"A key is required: send it in the {HeaderName} header or the {QueryName} query parameter.");
        }

        return (level, _keys.Match(presented)) switch
        {
            (_, KeyMatch.Admin) => null,
            (AuthorizationLevel.Function, KeyMatch.Function) => null,
            (AuthorizationLevel.Admin, KeyMatch.Function) => (StatusCodes.Status403Forbidden, "This endpoint needs the admin key."),
            _ => (StatusCodes.Status401Unauthorized, "The key is not valid."),
        };
    }

    private async Task RefuseAsync(HttpContext context, (int Status, string Detail) refusal)
    {
        LogRefused(context.Request.Method, context.Request.Path.Value, refusal.Status);
        context.Response.StatusCode = refusal.Status;
        await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = refusal.Status, Detail = refusal.Detail },
        });
    }

    private void LogMode(FunctionsHostOptions options)
    {
        if (options.IsLocalDevelopment)
        {
            LogDevelopmentMode(FunctionsHostOptions.EnvironmentSetting);
        }
        else if (options.IsCustomHandler)
        {
            LogCustomHandlerMode();
        }
        else if (!_keys.HasFunctionKeys && !_keys.HasAdminKey)
        {
            LogNoKeys(FunctionsHostOptions.FunctionKeysSetting, FunctionsHostOptions.AdminKeySetting);
        }
        else if (!_keys.HasAdminKey)
        {
            LogNoAdminKey(FunctionsHostOptions.AdminKeySetting);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} with {StatusCode}: missing, wrong or insufficient key")]
    private partial void LogRefused(string method, string? path, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local development mode ({Setting}=Development): function key checks are off")]
    private partial void LogDevelopmentMode(string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom handler mode: the Functions host checks function keys before it forwards a request")]
    private partial void LogCustomHandlerMode();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function key checks are on but neither {FunctionKeys} nor {AdminKey} is set: every non-anonymous endpoint will answer 401")]
    private partial void LogNoKeys(string functionKeys, string adminKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{AdminKey} is not set: every admin endpoint will answer 401")]
    private partial void LogNoAdminKey(string adminKey);
}
