using Engage.LocalHost.Durable.Management;
using Microsoft.AspNetCore.WebUtilities;

namespace Engage.Functions.Tests.Faults;

/// <summary>Values the routes accept, from which each probe changes one input.</summary>
/// <param name="Domain">A valid domain with no runs.</param>
/// <param name="RunId">A well-formed run id of no run.</param>
/// <param name="Crew">A crew of <paramref name="Client"/> on PostgreSQL.</param>
/// <param name="SessionId">A conversation of crew <paramref name="Crew"/> that is in the index.</param>
/// <param name="SqliteCrew">A crew of <paramref name="Client"/> on SQLite, its index in shards.</param>
/// <param name="SqliteSessionId">A conversation of crew <paramref name="SqliteCrew"/> that is in the index.</param>
/// <param name="LiveInstanceId">An orchestration held Running for the whole matrix.</param>
/// <param name="UnknownInstanceId">A well-formed instance id of no instance.</param>
public sealed record KnownValues(
    string Domain,
    string RunId,
    string Client,
    string Crew,
    string SessionId,
    string SqliteCrew,
    string SqliteSessionId,
    string LiveInstanceId,
    string UnknownInstanceId,
    string WebhookSecret,
    WorkflowRecordValues WorkflowRecords,
    CustomerValues Customers,
    ExecutionValues Executions,
    ChatValues Chat);

/// <summary>
/// The fault matrix's table: every public route with its valid request and, for each of its inputs, the hostile
/// values sent in its place. An input a route may legitimately answer with a 2xx is marked with the reason.
/// </summary>
public static class BadInputRoutes
{
    private const string Management = DurableManagementApi.BasePath;
    private const string EmptySegment = "an empty path segment addresses another path, answered by routing, not by the route";
    private const string NulInPath = "servers refuse %00 in a path before routing (Kestrel: 400), so it never reaches a route";
    internal const string ReadsNoInput = "the route reads no input: any query is the same valid request";

    /// <summary>Routes with no input to make hostile, each with the reason it is not probed.</summary>
    public static IReadOnlyDictionary<string, string> Unprobed { get; } = new Dictionary<string, string>
    {
        ["POST /api/discovery/run"] = "reads no input: every call is a valid \"run now\", and a run writes the discovery state by design",
        ["POST /api/workflows/planner/run"] = "reads no input: every call is a valid \"run now\", and a run starts the due workflows by design",
        ["GET /"] = "the local host's redirect to the console: reads no input and writes nothing",
        ["GET /api/openapi.json"] = "the OpenAPI document, built from the code once per process; reads no input and writes nothing (OpenApi/OpenApiContractTests)",
        ["GET /api/console/{*path}"] = "static files looked up by exact name in the assembly, any other path a 404 problem; reads no query, body or header but If-None-Match, writes nothing (Engage.Console.Tests' ConsoleRouteTests)",
    };

    public static IEnumerable<Probe> App(KnownValues known)
    {
        var startFields = new Dictionary<string, string> { ["domain"] = known.Domain };
        var start = new RouteRequest("POST", "/api/engagement-summary") { Body = new("valid", Hostile.Object(startFields)) };
        var status = new RouteRequest("GET", "/api/engagement-status") { QueryValues = [("domain", known.Domain), ("run_id", known.RunId)] };
        var latest = new RouteRequest("GET", "/api/engagement-summary/{domain}/latest") { PathValues = Values(("domain", known.Domain)) };
        var runs = new RouteRequest("GET", "/api/engagement-runs") { QueryValues = [("domain", known.Domain)] };
        var conversations = new RouteRequest("GET", "/api/conversations") { QueryValues = [("client", known.Client), ("crew", known.Crew)] };
        var conversation = new RouteRequest("GET", "/api/conversations/{client}/{crew}/{sessionId}")
        {
            PathValues = Values(("client", known.Client), ("crew", known.Crew), ("sessionId", Uri.EscapeDataString(known.SessionId))),
        };

        var sqliteConversation = conversation with
        {
            PathValues = Values(("client", known.Client), ("crew", known.SqliteCrew), ("sessionId", Uri.EscapeDataString(known.SqliteSessionId))),
        };

        // A session the source does not have, so that no probe of the webhook can index anything.
        var webhookFields = new Dictionary<string, string> { ["crew_code"] = known.Crew, ["session_id"] = "no-such-session", ["client_code"] = known.Client };
        var webhook = new RouteRequest("POST", "/api/webhooks/conversation-complete")
        {
            Headers = [("X-Webhook-Secret", known.WebhookSecret)],
            Body = new("valid", Hostile.Object(webhookFields)),
        };

        return
        [
            .. start.Bodies(Hostile.Objects(startFields, ["domain"])),
            .. start.Bodies(
                WrongContentTypes(start.Body!.Bytes),
                _ => new Exclusion("the body is read as JSON whatever its declared type, as README's curl -d (a form type) relies on; this one would start a run", Sent: false)),
            .. start.Header("Idempotency-Key", IdempotencyKeys, ValidKey("start a run")),
            .. status.Query("domain", Hostile.Domains),
            .. status.Query("run_id", RunIds),
            .. latest.Path("domain", Hostile.Domains, Segment),
            .. runs.Query("domain", Hostile.Domains, EmptyIsAbsent),
            .. runs.Query("limit", Hostile.Numbers(1000), EmptyIsAbsent),
            .. runs.Query("continuation", Tokens, EmptyIsAbsent),
            .. conversations.Query("limit", Hostile.Numbers(200), EmptyIsAbsent),
            .. conversations.Query("client", Hostile.Texts, EmptyIsAbsent),
            .. conversations.Query("crew", Hostile.Texts, EmptyIsAbsent),
            .. conversations.Query("continuation", Tokens, EmptyIsAbsent),
            .. conversation.Path("client", Hostile.Texts, Segment),
            .. conversation.Path("crew", Hostile.Texts, Segment),
            .. conversation.Path("sessionId", Hostile.Texts, Segment),
            .. sqliteConversation.Path("sessionId", Hostile.Texts, Segment),
            .. webhook.Header("X-Webhook-Secret", Hostile.TextsAnd(("secret with a trailing space", known.WebhookSecret + " "))),
            .. webhook.Bodies(Hostile.Objects(webhookFields, ["crew_code", "session_id"])),
            .. webhook.Bodies(Hostile.FieldTexts(new Dictionary<string, string>(webhookFields) { ["crew_code"] = known.SqliteCrew }, "session_id", "SQLite crew's session_id")),
            .. webhook.Bodies(WrongContentTypes(webhook.Body!.Bytes), _ => new Exclusion("the body is read as JSON whatever its declared type, as for the start request")),
            .. new RouteRequest("GET", "/api/discovery/status").Query("anything", Hostile.Texts, _ => new Exclusion(ReadsNoInput)),
            .. new RouteRequest("GET", "/api/health").Query("anything", Hostile.Texts, _ => new Exclusion(ReadsNoInput)),
            .. WorkflowRecordRoutes.All(known.WorkflowRecords),
            .. CustomerRoutes.All(known.Customers),
            .. DefinitionRoutes.All(),
            .. ExecutionRoutes.All(known.Executions),
            .. ChatRoutes.All(known.Chat),
        ];
    }

    public static IEnumerable<Probe> ManagementApi(KnownValues known)
    {
        var list = new RouteRequest("GET", Management + "/instances");
        var get = Instance("GET", "", known.LiveInstanceId);
        var raise = new RouteRequest("POST", Management + "/instances/{instanceId}/raiseEvent/{eventName}")
        {
            PathValues = Values(("instanceId", known.UnknownInstanceId), ("eventName", "matrix")),
            Body = new("valid", "null"u8.ToArray()),
        };
        var raiseLive = raise with { PathValues = Values(("instanceId", known.LiveInstanceId), ("eventName", "matrix")) };
        var restart = Instance("POST", "/restart", known.UnknownInstanceId);
        var purge = Instance("DELETE", "", known.UnknownInstanceId);
        // From a time no instance was created at, so that the purge's valid requests (an empty value is one) delete nothing.
        var purgeMany = new RouteRequest("DELETE", Management + "/instances") { QueryValues = [("createdTimeFrom", "2100-01-01T00:00:00Z")] };
        var controls = new[] { "/terminate", "/suspend", "/resume", "/rewind" }.Select(operation => Instance("POST", operation, known.UnknownInstanceId)).ToList();
        var every = new[] { list, get, raise, restart, purge, purgeMany }.Concat(controls).ToList();

        return
        [
            .. every.SelectMany(route => route.Query("taskHub", Hostile.Texts, EmptyIsAbsent)),
            .. every.Where(route => route.PathValues.ContainsKey("instanceId")).SelectMany(route => route.Path("instanceId", Hostile.Texts, Segment)),
            .. list.Query("top", Hostile.Numbers(1000), EmptyIsAbsent),
            .. list.Query("createdTimeFrom", Hostile.Times, EmptyIsAbsent),
            .. list.Query("createdTimeTo", Hostile.Times, EmptyIsAbsent),
            .. list.Query("runtimeStatus", Hostile.RuntimeStatuses, EmptyIsAbsent),
            .. list.Query("showInput", Hostile.Flags, EmptyIsAbsent),
            .. list.Query("instanceIdPrefix", Hostile.Texts, IdPrefix),
            .. list.Header(InstanceQueryEndpoints.ContinuationHeader, Tokens, EmptyIsAbsent),
            .. new[] { "showHistory", "showHistoryOutput", "showInput", "returnInternalServerErrorOnFailure" }.SelectMany(flag => get.Query(flag, Hostile.Flags, EmptyIsAbsent)),
            .. raise.Path("eventName", Hostile.Texts, Segment),
            .. raiseLive.Bodies([.. Hostile.Bodies("null"), new("lone surrogate", "\"\\ud800\""u8.ToArray()), new("invalid UTF-8 in a string", [(byte)'"', 0xFF, (byte)'"'])]),
            .. raiseLive.Bodies(WrongContentTypes("null"u8.ToArray())),
            .. controls.SelectMany(route => route.Query("reason", Hostile.Texts)),
            .. restart.Query("restartWithNewInstanceId", Hostile.Flags, EmptyIsAbsent),
            .. purgeMany.Query("createdTimeFrom", Hostile.Times),
            .. purgeMany.Query("createdTimeTo", Hostile.Times),
            .. purgeMany.Query("runtimeStatus", [.. Hostile.RuntimeStatuses, HostileText.Of("unfinished status", "Running")]),
        ];
    }

    internal static IReadOnlyList<HostileText> IdempotencyKeys { get; } =
        Hostile.TextsAnd(
            ("256 characters", new string('k', 256)),
            ("non-ASCII", "k\u0435y"),
            ("DEL", "k\u007fy"),
            ("tab", "k\ty"));

    private static IReadOnlyList<HostileText> RunIds { get; } =
        Hostile.TextsAnd(
            ("not a UUID", "not-a-uuid"),
            ("UUID one digit short", "5b0c3c52-8d0f-4a55-9a3e-0d6c2b3a4f1"),
            ("UUID with a non-hex digit", "5b0c3c52-8d0f-4a55-9a3e-0d6c2b3a4f1g"));

    /// <summary>Continuation tokens, after every hostile text: not base64url, base64url of JSON that is no position, and far too long.</summary>
    internal static IReadOnlyList<HostileText> Tokens { get; } =
        Hostile.TextsAnd(
            ("not base64url", "!!!!"),
            ("base64url of another object", "eyJ4IjoxfQ"),
            ("base64url of an array", "WzEsMl0"),
            ("5,000 characters of base64url", new string('A', 5000)));

    private static RouteRequest Instance(string method, string operation, string instanceId) =>
        new(method, Management + "/instances/{instanceId}" + operation) { PathValues = Values(("instanceId", instanceId)) };

    private static IEnumerable<HostileBody> WrongContentTypes(byte[] validJson) =>
    [
        new("valid JSON as text/plain", validJson, "text/plain"),
        new("valid JSON as a form", validJson, "application/x-www-form-urlencoded"),
        new("valid JSON with no content type", validJson, null),
    ];

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>A key of 1 to 255 printable ASCII characters is valid, so with a valid body the request would <paramref name="writes"/>.</summary>
    internal static Func<HostileText, Exclusion?> ValidKey(string writes) => key =>
        key.Text is { Length: > 0 and <= 255 } text && text.All(c => c is >= ' ' and <= '~')
            ? new Exclusion($"1 to 255 printable ASCII characters is a valid key (hashed before storage); with a valid body it would {writes}", Sent: false)
            : null;

    internal static Exclusion? EmptyIsAbsent(HostileText value) =>
        value.Text is { Length: 0 } ? new Exclusion("an empty value is the parameter left out, which the route allows") : null;

    internal static Exclusion? Segment(HostileText value) => value.Text switch
    {
        { Length: 0 } => new Exclusion(EmptySegment, Sent: false),
        { } text when text.Contains('\0', StringComparison.Ordinal) => new Exclusion(NulInPath, Sent: false),
        _ => null,
    };

    /// <summary>
    /// A prefix that keeps Durable Functions' instance id rules, as the server decodes it from the query, is a valid
    /// filter: the answer must then be an empty list, as no instance id starts with any of these.
    /// </summary>
    private static Exclusion? IdPrefix(HostileText value)
    {
        var prefix = QueryHelpers.ParseQuery("?p=" + value.Url)["p"].ToString();
        return prefix.Length == 0 ? EmptyIsAbsent(value)
            : prefix.Length <= 256 && prefix[0] != '@' && !prefix.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
                ? new Exclusion("a prefix an instance id may start with is a valid filter; it matches no instance", Body: "[]")
                : null;
    }
}
