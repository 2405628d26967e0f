using System.Text.RegularExpressions;
using Engage.Functions.Keys;
using Engage.Functions.Timers;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// Every function the Functions host should know, derived from the app itself: its HTTP endpoints (route,
/// methods and auth level from their metadata), its timers and its queue triggers. <c>function.json</c> files
/// are generated from this list, so they cannot drift from the code.
/// </summary>
public sealed partial class FunctionCatalog(IEnumerable<ITimerFunction> timers, IEnumerable<IQueueFunction> queues)
{
    /// <summary>The host's HTTP route prefix (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string RoutePrefix = "api";

    /// <summary>The host refuses function routes starting with these; its own APIs live there.</summary>
    private static readonly string[] ReservedRoutePrefixes = ["admin", "runtime"];

    /// <param name="endpoints">The app's endpoints as mapped for custom-handler mode.</param>
    /// <exception cref="InvalidOperationException">An endpoint cannot be served through the host, or two functions would share a name.</exception>
    public IReadOnlyList<FunctionDefinition> Describe(IEnumerable<Endpoint> endpoints)
    {
        var functions = HttpFunctions(endpoints)
            .Concat(timers.Select(t => new FunctionDefinition(t.Name, FunctionBindings.TimerTrigger(t.ScheduleSetting))))
            .Concat(queues.Select(q => new FunctionDefinition(q.Name, FunctionBindings.QueueTrigger(q.QueueName))))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        if (functions.FirstOrDefault(f => !ValidName().IsMatch(f.Name)) is { } invalid)
        {
            throw new InvalidOperationException($"'{invalid.Name}' is not a valid function name: a letter, then up to 127 letters, digits, '_' or '-'.");
        }

        if (functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException(
                $"{duplicate.Count()} functions would be named '{duplicate.Key}'; give the HTTP endpoint a distinct name with .WithName(...).");
        }

        return functions;
    }

    private static IEnumerable<FunctionDefinition> HttpFunctions(IEnumerable<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<InvokedFunctionMetadata>() is not null)
            {
                continue;
            }

            var route = HostRoute(endpoint);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var level = endpoint.Metadata.GetMetadata<AuthLevelAttribute>()?.Level ?? AuthorizationLevel.Function;
            yield return new FunctionDefinition(HttpFunctionNames.For(endpoint, route, methods), FunctionBindings.Http(route, methods, level));
        }
    }

    /// <summary>The endpoint's route as function.json states it: below the route prefix, which the host adds back.</summary>
    private static string HostRoute(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText?.Trim('/')
            ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no route text to put into function.json.");
        if (!pattern.StartsWith(RoutePrefix + "/", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Endpoint '/{pattern}' is outside /{RoutePrefix}/, the only paths the Functions host forwards to HTTP functions.");
        }

        var route = pattern[(RoutePrefix.Length + 1)..];
        if (ReservedRoutePrefixes.FirstOrDefault(p => route.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw new InvalidOperationException($"Route '{route}' starts with '{reserved}', which the Functions host keeps for its own APIs and refuses for functions.");
        }

        return route;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ValidName();
}
