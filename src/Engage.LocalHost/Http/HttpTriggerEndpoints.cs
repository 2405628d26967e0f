using Engage.Functions.Hosting;
using Engage.LocalHost.Functions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Engage.LocalHost.Http;

/// <summary>
/// Each <c>httpTrigger</c> function as an endpoint under the route prefix (host.json <c>extensions.http.routePrefix</c>,
/// <c>api</c> by default), with its route template and methods. Its answer is written as the ASP.NET Core integration
/// writes it: an <see cref="IActionResult"/>, an <see cref="IResult"/> or an <see cref="HttpResponseData"/>. Keys are not
/// checked, as under <c>func start</c>; the host listens on loopback only.
/// </summary>
public static partial class HttpTriggerEndpoints
{
    /// <summary>Where the ASP.NET Core integration keeps the request's <see cref="HttpContext"/> in <see cref="FunctionContext.Items"/>.</summary>
    public const string HttpContextKey = "HttpRequestContext";

    public static IEndpointRouteBuilder MapHttpTriggers(this IEndpointRouteBuilder routes, FunctionCatalog catalog, IConfiguration hostJson, IConfiguration settings)
    {
        foreach (var function in catalog.WithTrigger(BindingTypes.Http))
        {
            if (FunctionSwitch.IsDisabled(settings, function.Name))
            {
                continue;
            }

            var route = PathFor(hostJson, function.Trigger.Route ?? function.Name);
            var methods = function.Trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray();
            var endpoint = methods is { Length: > 0 }
                ? routes.MapMethods(route, methods, (HttpContext http) => InvokeAsync(http, function))
                : routes.Map(route, (HttpContext http) => InvokeAsync(http, function));
            endpoint.WithDisplayName(function.Name);
        }

        return routes;
    }

    /// <summary>The path of an HTTP trigger's <paramref name="route"/> under host.json's route prefix (<c>api</c> by default, none when empty).</summary>
    public static string PathFor(IConfiguration hostJson, string route)
    {
        var prefix = (hostJson["extensions:http:routePrefix"] ?? "api").Trim('/');
        return "/" + string.Join('/', new[] { prefix, route }.Where(s => s.Length > 0));
    }

    private static async Task InvokeAsync(HttpContext http, LocalFunction function)
    {
        var invoker = http.RequestServices.GetRequiredService<FunctionInvoker>();
        var context = new LocalFunctionContext(function, http.RequestServices, BindingData(http), http.RequestAborted);
        context.Items[HttpContextKey] = http;
        context.Features.Set<IHttpRequestDataFeature>(LocalHttpRequestData.Feature.Instance);
        context.TriggerValue = function.TriggerParameter.ParameterType == typeof(HttpRequestData)
            ? new LocalHttpRequestData(http.Request, context)
            : http.Request;
        await invoker.InvokeAsync(context);
        if (http.Response.HasStarted)
        {
            return;
        }

        switch (context.Result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult result:
                await result.ExecuteAsync(http);
                break;
            case LocalHttpResponseData response:
                await response.WriteToAsync(http.Response, http.RequestAborted);
                break;
            case not null:
                LogUnanswered(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpTriggerEndpoints)), function.Name, context.Result.GetType().Name);
                break;
        }
    }

    /// <summary>Route values, then query parameters, by name: what the worker binds to a function's other parameters.</summary>
    private static Dictionary<string, object?> BindingData(HttpContext http)
    {
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in http.Request.Query)
        {
            data[name] = value.ToString();
        }

        foreach (var (name, value) in http.Request.RouteValues)
        {
            data[name] = value;
        }

        return data;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} returned a {Type}, not an HTTP result; the response is empty")]
    private static partial void LogUnanswered(ILogger logger, string function, string type);
}
