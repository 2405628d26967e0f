using System.Text.RegularExpressions;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// The function name of an HTTP endpoint: its endpoint name when it has one (<c>.WithName(...)</c>), otherwise
/// its methods and route in Pascal case, <c>GET engagement-summary/{domain}/latest</c> becoming
/// <c>GetEngagementSummaryDomainLatest</c>, so names stay stable and readable without each feature naming them.
/// </summary>
public static partial class HttpFunctionNames
{
    public static string For(Endpoint endpoint, string route, IReadOnlyCollection<string> methods)
    {
        if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { Length: > 0 } name)
        {
            return name;
        }

        var verbs = methods.Count == 0 ? "Any" : string.Concat(methods.Select(m => Pascal(m.ToLowerInvariant())));
        var path = Parameter().Replace(route, match => match.Groups["name"].Value);
        return verbs + string.Concat(Word().Matches(path).Select(word => Pascal(word.Value)));
    }

    private static string Pascal(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>A route parameter with whatever decorates its name: <c>{*path}</c>, <c>{id:guid}</c>, <c>{page=1}</c>, <c>{id?}</c>.</summary>
    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("[A-Za-z0-9]+")]
    private static partial Regex Word();
}
