using System.Buffers.Text;
using System.Net;
using System.Text;
using Engage.Functions.Tests.Workflows;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// The executions the execution routes are probed on, started through their route by the development admin on a
/// seeded customer, so that each has its orchestration: a QBR whose first step is completed (a completed step, an active
/// one and pending ones), at <paramref name="Version"/>, and a risk review that was cancelled.
/// </summary>
public sealed record ExecutionValues(string CustomerId, string ExecutionId, int Version, string CompletedStep, string ActiveStep, string PendingStep, string EndedExecutionId)
{
    /// <summary>The read routes to call once before the matrix, so that what they create on first use exists.</summary>
    public IEnumerable<string> WarmUpPaths =>
    [
        "/api/workflows/definitions",
        $"/api/workflows/definitions/{SeedWorkflows.Qbr}",
        $"/api/workflows/executions?customerId={CustomerId}",
        $"/api/workflows/executions/{ExecutionId}",
        $"/api/workflows/executions/{ExecutionId}/events",
        "/api/workflows/queue",
    ];

    public static async Task<ExecutionValues> SeedAsync(AppOnAzuriteFactory app)
    {
        var customer = await new SeededRecords(app).CustomerAsync(null);
        var admin = new WorkflowsClient(app.CreateClient());
        var qbr = await WorkflowsAppFixture.StartAsync(admin, customer.Id, SeedWorkflows.Qbr);
        var id = WorkflowsAppFixture.Text(qbr, "id")!;
        var steps = qbr["steps"]!.AsArray().Select(step => WorkflowsAppFixture.Text(step, "id")!).ToList();
        using var stepped = await admin.PostAsync($"/api/workflows/executions/{id}/steps/{steps[0]}/complete", null);
        Assert.True(stepped.Status == HttpStatusCode.OK, $"completing the first step answered {(int)stepped.Status}: {stepped.Body?.ToJsonString()}");

        var ended = WorkflowsAppFixture.Text(await WorkflowsAppFixture.StartAsync(admin, customer.Id, SeedWorkflows.RiskReview), "id")!;
        using var cancelled = await admin.PostAsync($"/api/workflows/executions/{ended}/cancel", null);
        Assert.True(cancelled.Status == HttpStatusCode.OK, $"cancelling answered {(int)cancelled.Status}: {cancelled.Body?.ToJsonString()}");
        return new ExecutionValues(customer.Id, id, stepped.Json["version"]!.GetValue<int>(), steps[0], steps[1], steps[2], ended);
    }
}

/// <summary>
/// The matrix's rows for the execution routes (start, list, read, events, the seven commands) and the queue. A
/// command's reason and note take most hostile texts as they are (line breaks included), and every command that
/// gets through would be raised on the execution's orchestration and change it, so those bodies are not sent; a
/// refused command must raise nothing, which the task hub's snapshot shows.
/// </summary>
public static class ExecutionRoutes
{
    private const int ReasonLength = ExecutionCommandRunner.MaxReasonLength;

    public static IEnumerable<Probe> All(ExecutionValues known)
    {
        var startFields = new Dictionary<string, string> { ["customerId"] = known.CustomerId, ["workflowId"] = SeedWorkflows.Qbr };
        var start = new RouteRequest("POST", "/api/workflows/executions") { Body = new("valid", Hostile.Object(startFields)) };
        var list = new RouteRequest("GET", "/api/workflows/executions") { QueryValues = [("customerId", known.CustomerId)] };
        var get = Execution("GET", string.Empty, known.ExecutionId);
        var events = Execution("GET", "/events", known.ExecutionId);
        var queue = new RouteRequest("GET", "/api/workflows/queue");
        var reason = new Dictionary<string, string> { ["reason"] = "Probed by the matrix" };
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var commands = new[]
        {
            Command(known, "/complete", reason, "complete the execution"),
            Command(known, "/cancel", reason, "cancel the execution"),
            Command(known, "/escalate", reason, "escalate the execution"),
            Command(known, "/snooze", new() { ["until"] = tomorrow, ["reason"] = "Probed by the matrix" }, "snooze the execution"),
            Command(known, "/follow-ups", new() { ["at"] = tomorrow, ["note"] = "Call back", ["reason"] = "Probed by the matrix" }, "schedule a follow-up"),
            Command(known, "/steps/{stepId}/complete", new() { ["note"] = "Done", ["reason"] = "Probed by the matrix" }, "complete the active step"),
            Command(known, "/steps/{stepId}/skip", new() { ["note"] = "Not needed", ["reason"] = "Probed by the matrix" }, "skip the active step"),
        };

        return
        [
            .. start.Bodies(Hostile.Objects(startFields, ["customerId", "workflowId"])),
            .. start.Bodies(
            [
                .. Replaced(startFields, "customerId", ("of no customer", "cu_" + new string('0', 16)), ("of an execution", known.ExecutionId), ("in upper case", known.CustomerId.ToUpperInvariant())),
                .. Replaced(startFields, "workflowId", ("of no workflow", "no-such-workflow"), ("in upper case", "QBR")),
            ]),
            .. start.Bodies(
                Members(start.Body!.Bytes, "version", "0", "-1", "1000000", "1.5", "1e3", "\"1\"", "true", "[]", "{}", "null", "999"),
                body => body.Name == "version null" ? new Exclusion("a null version is left out, which starts the latest version", Sent: false) : null),
            .. start.Bodies(StrangeMembers(start.Body!.Bytes, "customerId")),
            .. start.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys, BadInputRoutes.ValidKey("start an execution")),
            .. list.Query("customerId", CustomerRoutes.CustomerIds(known.CustomerId, known.ExecutionId)),
            .. list.Query("status", Hostile.TextsAnd(("other case", "Active"), ("no such status", "paused"), ("two statuses", "active,completed")), BadInputRoutes.EmptyIsAbsent),
            .. new[] { get, events }.SelectMany(route => route.Path("id", ExecutionIds(known.ExecutionId), BadInputRoutes.Segment)),
            .. commands.SelectMany(command => command.Probes),
            .. queue.Query("owner", Hostile.Texts, WorkflowRecordRoutes.UserFilter(254, "no execution in the queue falls to this one")),
            .. queue.Query("limit", Hostile.Numbers(WorkflowQueueFunctions.MaxLimit), BadInputRoutes.EmptyIsAbsent),
            .. queue.Query("continuation", [.. BadInputRoutes.Tokens, .. QueueTokens(known.ExecutionId)], BadInputRoutes.EmptyIsAbsent),
        ];
    }

    /// <summary>Every hostile text, and ids that are well formed but of a customer, of another kind or of no execution.</summary>
    internal static IReadOnlyList<HostileText> ExecutionIds(string executionId) =>
        Hostile.TextsAnd(
            ("id of a customer", "cu_" + executionId[3..19]),
            ("id of no execution", $"{executionId[..20]}{new string('0', 32)}"),
            ("id of no customer's execution", $"ex_{new string('0', 16)}_{new string('0', 32)}"),
            ("id of another kind", "tk" + executionId[2..]),
            ("id one digit short", executionId[..^1]),
            ("id in upper case", executionId.ToUpperInvariant()));

    /// <summary>
    /// <paramref name="valid"/> (a JSON object) with a member no request has: unknown, a known one in another case or
    /// twice (<paramref name="field"/>), and names that are no field name at all.
    /// </summary>
    internal static IEnumerable<HostileBody> StrangeMembers(byte[] valid, string field) =>
        new (string Name, string Member)[]
        {
            ("unknown field", "\"why\": \"probe\""),
            ("field in another case", $"\"{char.ToUpperInvariant(field[0])}{field[1..]}\": \"probe\""),
            ("field twice", $"\"{field}\": \"twice\""),
            ("prototype key", "\"__proto__\": {}"),
            ("empty field name", "\"\": 1"),
            ("field name with NUL", "\"na\\u0000me\": 1"),
            ("field name with a lone surrogate", "\"\\ud800\": 1"),
        }.Select(m => new HostileBody(m.Name, Plus(valid, m.Member)));

    /// <summary>
    /// A text field of a command or a definition, as the route reads it: trimmed, 1 to <paramref name="maxLength"/>
    /// characters, line breaks and tabs allowed; null leaves an optional one out. Bodies whose field is one of those
    /// would <paramref name="writes"/>.
    /// </summary>
    internal static Func<HostileBody, Exclusion?> TextField(string field, int maxLength, bool optional, string writes)
    {
        var text = WorkflowRecordRoutes.FreeText(field, maxLength, writes, multiline: true);
        return body => optional && (body.Name == $"{field} null" || body.Name == $"{field} empty" || body.Name == $"{field} whitespace")
            ? new Exclusion($"{field} is optional, and null or a blank text leaves it out; this would {writes}", Sent: false)
            : text(body);
    }

    /// <summary><paramref name="valid"/> (a JSON object) with <paramref name="field"/> holding each literal, one body each.</summary>
    internal static IEnumerable<HostileBody> Members(byte[] valid, string field, params string[] literals) =>
        literals.Select(literal => new HostileBody($"{field} {literal}", Plus(valid, $"\"{field}\": {literal}")));

    private static byte[] Plus(byte[] valid, string member) => [.. valid[..^1], .. ","u8, .. Encoding.UTF8.GetBytes(member), (byte)'}'];

    private static IEnumerable<HostileBody> Replaced(Dictionary<string, string> valid, string field, params (string Name, string Value)[] values) =>
        values.Select(v => new HostileBody($"{field} {v.Name}", Hostile.Object(new Dictionary<string, string>(valid) { [field] = v.Value })));

    private static RouteRequest Execution(string method, string operation, string id) =>
        new(method, "/api/workflows/executions/{id}" + operation) { PathValues = new Dictionary<string, string> { ["id"] = id } };

    /// <summary>
    /// A command on the active execution (on its active step, for a step command) with <paramref name="fields"/>, and
    /// its rows: ids, If-Match tags and Idempotency-Keys with the valid body, and bodies wrong as a whole, in a field
    /// or in a member. <paramref name="writes"/> says what a body the route takes would do, so it is not sent.
    /// </summary>
    private static (RouteRequest Route, IEnumerable<Probe> Probes) Command(ExecutionValues known, string operation, Dictionary<string, string> fields, string writes)
    {
        var route = Execution("POST", operation, known.ExecutionId) with { Body = new("valid", Hostile.Object(fields)) };
        if (operation.Contains("{stepId}", StringComparison.Ordinal))
        {
            route = route with { PathValues = new Dictionary<string, string>(route.PathValues) { ["stepId"] = known.ActiveStep } };
        }

        var time = fields.Keys.FirstOrDefault(f => f is "until" or "at");
        var texts = fields.Keys.Where(f => f is "reason" or "note").Select(f => TextField(f, ReasonLength, optional: true, writes)).ToList();
        Exclusion? Taken(HostileBody body) =>
            time is null && body.Name is "empty" or "whitespace"
                ? new Exclusion($"an empty body is the command with none of its optional fields; it would {writes}", Sent: false)
                : texts.Select(text => text(body)).FirstOrDefault(e => e is not null);

        IEnumerable<Probe> probes =
        [
            .. route.Path("id", [.. ExecutionIds(known.ExecutionId), HostileText.Of("id of an ended execution", known.EndedExecutionId)], BadInputRoutes.Segment),
            .. route.PathValues.ContainsKey("stepId") ? route.Path("stepId", StepIds(known), BadInputRoutes.Segment) : [],
            .. route.Header("If-Match", IfMatches(known.Version)),
            .. route.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys, BadInputRoutes.ValidKey(writes)),
            .. route.Bodies(Hostile.Objects(fields, time is null ? [] : [time]), Taken),
            .. time is null ? [] : route.Bodies(TimeBodies(route.Body!.Bytes, fields, time)),
            .. route.Bodies(StrangeMembers(route.Body!.Bytes, fields.Keys.First())),
        ];
        return (route, probes);
    }

    /// <summary>The valid body with its time field holding times no text refuses but the command does: past, too far ahead, without an offset.</summary>
    private static IEnumerable<HostileBody> TimeBodies(byte[] valid, Dictionary<string, string> fields, string time) =>
        Hostile.Times.Skip(Hostile.Texts.Count).Concat(
        [
            HostileText.Of("in the past", DateTimeOffset.UtcNow.AddDays(-1).ToString("O")),
            HostileText.Of("more than a year ahead", DateTimeOffset.UtcNow.AddDays(400).ToString("O")),
            HostileText.Of("no offset", "2030-01-01T09:00:00"),
            HostileText.Of("a date", "2030-01-01"),
            HostileText.Of("the first moment at +14:00", "0001-01-01T00:00:00+14:00"),
            HostileText.Of("the last moment at -14:00", "9999-12-31T23:59:59-14:00"),
        ]).Select(value => new HostileBody(
            $"{time} {value.Name}",
            Hostile.Object(new Dictionary<string, string>(fields) { [time] = value.Text! })));

    /// <summary>Every hostile text, and steps of the execution that are not active, or of no such id.</summary>
    private static IReadOnlyList<HostileText> StepIds(ExecutionValues known) =>
        Hostile.TextsAnd(
            ("a completed step", known.CompletedStep),
            ("a pending step", known.PendingStep),
            ("a step of another workflow", "review-account"),
            ("the active step in upper case", known.ActiveStep.ToUpperInvariant()));

    /// <summary>Tags of no version of an execution at <paramref name="version"/>.</summary>
    private static IReadOnlyList<HostileText> IfMatches(int version) =>
        Hostile.TextsAnd(
            ("an older version", $"\"{version - 1}\""),
            ("the version unquoted", $"{version}"),
            ("a weak tag of the version", $"W/\"{version}\""),
            ("other versions", $"\"{version - 1}\", \"{version + 1}\""));

    /// <summary>Tokens the queue did not hand out to this reader: another owner's, of a position that is no entry, of JSON no string reads.</summary>
    private static IEnumerable<HostileText> QueueTokens(string executionId) =>
    [
        HostileText.Of("token of another owner's queue", new QueueListPosition(WorkflowQueue.PartitionFor("someone@example.com"), $"0001|{executionId}").Encode()),
        HostileText.Of("token of a position that is no entry", new QueueListPosition(WorkflowQueue.EveryonePartition, "' or 1 eq 1 or '").Encode()),
        HostileText.Of("token of a lone surrogate", Base64Url.EncodeToString("""{"Partition":"all","After":"\ud800"}"""u8)),
        HostileText.Of("token of invalid UTF-8", Base64Url.EncodeToString([.. "{\"Partition\":\"all\",\"After\":\""u8, 0xFF, .. "\"}"u8])),
    ];
}
