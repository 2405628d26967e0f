namespace Engage.Functions.Tests.Faults;

/// <summary>
/// Why a route may answer an input with a 2xx: <paramref name="Sent"/> false when sending it would write by design,
/// <paramref name="Body"/> the only 2xx answer allowed, if there is one.
/// </summary>
public sealed record Exclusion(string Reason, bool Sent = true, string? Body = null);

/// <summary>One request of the matrix: a route's valid request with one input made hostile.</summary>
public sealed record Probe(string Route, string Input, string Value, string Method, string Path, string Query, IReadOnlyList<(string Name, string Value)> Headers, HostileBody? Body)
{
    /// <summary>Null when the route must refuse the input with a 4xx.</summary>
    public Exclusion? Excluded { get; init; }

    public override string ToString() => $"{Route} [{Input}: {Value}]";
}

/// <summary>
/// A route's valid request, from which each probe changes one input: path values and query values are
/// percent-encoded, headers and the body as sent.
/// </summary>
public sealed record RouteRequest(string Method, string Template)
{
    public IReadOnlyDictionary<string, string> PathValues { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<(string Name, string Value)> QueryValues { get; init; } = [];

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public HostileBody? Body { get; init; }

    public string Route => $"{Method} {Template}";

    public IEnumerable<Probe> Path(string name, IEnumerable<HostileText> values, Func<HostileText, Exclusion?>? excluded = null) =>
        values.Select(value => Probe($"path {name}", value.Name, excluded?.Invoke(value), pathValue: (name, value.Url)));

    public IEnumerable<Probe> Query(string name, IEnumerable<HostileText> values, Func<HostileText, Exclusion?>? excluded = null) =>
        values.Select(value => Probe($"query {name}", value.Name, excluded?.Invoke(value), queryValue: (name, value.Url)));

    /// <summary><paramref name="excluded"/> is asked only about values a header can carry, which are strings.</summary>
    public IEnumerable<Probe> Header(string name, IEnumerable<HostileText> values, Func<HostileText, Exclusion?>? excluded = null) =>
        values.Select(value => value.Text is { } text
            ? Probe($"header {name}", value.Name, excluded?.Invoke(value), header: (name, text))
            : Probe($"header {name}", value.Name, new Exclusion("a header value is a string, which bytes that are no UTF-8 cannot be", Sent: false)));

    public IEnumerable<Probe> Bodies(IEnumerable<HostileBody> bodies, Func<HostileBody, Exclusion?>? excluded = null) =>
        bodies.Select(body => Probe("body", body.Name, excluded?.Invoke(body), body: body));

    private Probe Probe(
        string input,
        string value,
        Exclusion? excluded,
        (string Name, string Value)? pathValue = null,
        (string Name, string Value)? queryValue = null,
        (string Name, string Value)? header = null,
        HostileBody? body = null)
    {
        var path = Template;
        foreach (var (name, valid) in PathValues)
        {
            path = path.Replace("{" + name + "}", name == pathValue?.Name ? pathValue.Value.Value : valid, StringComparison.Ordinal);
        }

        var query = QueryValues.Where(q => q.Name != queryValue?.Name).ToList();
        if (queryValue is { } hostileQuery)
        {
            query.Add(hostileQuery);
        }

        var headers = Headers.Where(h => !string.Equals(h.Name, header?.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (header is { } hostileHeader)
        {
            headers.Add(hostileHeader);
        }

        return new Probe(Route, input, value, Method, path, string.Join('&', query.Select(q => $"{q.Name}={q.Value}")), headers, body ?? Body)
        {
            Excluded = excluded,
        };
    }
}
