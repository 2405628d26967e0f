using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Tests.Workflows;

namespace Engage.Functions.Tests.Faults;

/// <summary>The thread the chat routes are probed on: made through its route by the development admin on a seeded execution's active step.</summary>
public sealed record ChatValues(string CustomerId, string ExecutionId, string ThreadId)
{
    private const string Threads = "/api/workflows/chat/threads";

    /// <summary>The read routes to call once before the matrix, so that what they create on first use exists.</summary>
    public IEnumerable<string> WarmUpPaths =>
    [
        $"{Threads}/{ThreadId}",
        $"{Threads}/{ThreadId}/messages",
        $"{Threads}/{ThreadId}/branches",
        $"{Threads}/{ThreadId}/events",
    ];

    public static async Task<ChatValues> SeedAsync(AppOnAzuriteFactory app)
    {
        var seeded = new SeededRecords(app);
        var customer = await seeded.CustomerAsync(null);
        var execution = await seeded.ExecutionAsync(customer);
        using var created = await new WorkflowsClient(app.CreateClient()).PostAsync(Threads, new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = SeededRecords.CurrentStep });
        Assert.True(created.Status == HttpStatusCode.Created, $"creating the thread answered {(int)created.Status}: {created.Body?.ToJsonString()}");
        return new ChatValues(customer.Id, execution.Id, created.Json["id"]!.GetValue<string>());
    }
}

/// <summary>
/// The matrix's rows for the chat thread routes. A message's content, a title and an empty command body are valid
/// as they are and would write (a message, the thread's completion), so those bodies are not sent; ids, versions,
/// message ids, branches, limits and tokens take none of the hostile values.
/// </summary>
public static class ChatRoutes
{
    public static IEnumerable<Probe> All(ChatValues known)
    {
        var createFields = new Dictionary<string, string> { ["workflowExecutionId"] = known.ExecutionId, ["stepId"] = SeededRecords.CurrentStep };
        var create = new RouteRequest("POST", "/api/workflows/chat/threads") { Body = new("valid", Hostile.Object(createFields)) };
        var get = Thread("GET", string.Empty, known);
        var messages = Thread("GET", "/messages", known);
        var send = Thread("POST", "/messages", known) with { Body = new("valid", """{"content": "Hello"}"""u8.ToArray()) };
        var branches = Thread("GET", "/branches", known);
        var events = Thread("GET", "/events", known);
        var complete = Thread("POST", "/complete", known) with { Body = new("valid", """{"version": 1}"""u8.ToArray()) };
        var reopen = Thread("POST", "/reopen", known) with { Body = new("valid", """{"version": 1}"""u8.ToArray()) };
        var content = WorkflowRecordRoutes.FreeText("content", 8000, "send a message", multiline: true);
        var completes = (HostileBody body) => body.Name is "empty" or "whitespace" or "version null"
            ? new Exclusion("an empty body, or a null version, is the command with none of its optional fields; it would complete the thread and its step", Sent: false)
            : null;
        var versions = new[] { "0", "-1", "1.5", "1e3", "\"1\"", "true", "[]", "{}", "null", "99999999999", "999" };

        return
        [
            .. create.Bodies(Hostile.Objects(createFields, ["workflowExecutionId", "stepId"])),
            .. create.Bodies(Hostile.FieldTexts(createFields.Append(new("title", "Chat")).ToDictionary(), "title", "title"), body =>
                body.Name is "title empty" or "title whitespace"
                    ? new Exclusion("title is optional, and a blank one is left out; this would answer the step's thread", Sent: false)
                    : WorkflowRecordRoutes.FreeText("title", 200, "answer the step's thread")(body)),
            .. create.Bodies(ExecutionRoutes.StrangeMembers(create.Body!.Bytes, "stepId")),
            .. create.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys, BadInputRoutes.ValidKey("answer the step's thread")),
            .. new[] { get, messages, send, branches, events, complete, reopen }.SelectMany(route => route.Path("id", ThreadIds(known), BadInputRoutes.Segment)),
            .. get.Query("anything", Hostile.Texts, _ => new Exclusion(BadInputRoutes.ReadsNoInput)),
            .. branches.Query("anything", Hostile.Texts, _ => new Exclusion(BadInputRoutes.ReadsNoInput)),
            .. messages.Query("branch", Hostile.TextsAnd(("branch of no message", "br_00000001"), ("main in upper case", "MAIN")), BadInputRoutes.EmptyIsAbsent),
            .. new[] { messages, events }.SelectMany(route => route.Query("limit", Hostile.Numbers(200), BadInputRoutes.EmptyIsAbsent)),
            .. new[] { messages, events }.SelectMany(route => route.Query("continuation", BadInputRoutes.Tokens, BadInputRoutes.EmptyIsAbsent)),
            .. send.Bodies(Hostile.Objects(new Dictionary<string, string> { ["content"] = "Hello" }, ["content"]), content),
            .. send.Bodies(Hostile.FieldTexts(new Dictionary<string, string> { ["content"] = "Hello", ["parentMessageId"] = "msg_00000001" }, "parentMessageId", "parentMessageId"), body =>
                body.Name is "parentMessageId empty" or "parentMessageId whitespace" ? new Exclusion("a blank parentMessageId is left out; the message would be sent", Sent: false) : null),
            .. send.Bodies(ExecutionRoutes.Members(send.Body!.Bytes, "version", versions), body =>
                body.Name == "version null" ? new Exclusion("a null version is left out; the message would be sent", Sent: false) : null),
            .. send.Bodies(ExecutionRoutes.StrangeMembers(send.Body!.Bytes, "content")),
            .. send.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys, BadInputRoutes.ValidKey("send a message")),
            .. complete.Bodies([.. Hostile.Bodies("""{"version": 1}"""), .. ExecutionRoutes.Members("{}"u8.ToArray(), "version", versions)], completes),
            .. complete.Bodies(ExecutionRoutes.StrangeMembers(complete.Body!.Bytes, "version")),
            .. complete.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys, BadInputRoutes.ValidKey("complete the thread")),
            .. reopen.Bodies([.. Hostile.Bodies("""{"version": 1}"""), .. ExecutionRoutes.Members("{}"u8.ToArray(), "version", versions)]),
            .. reopen.Bodies(ExecutionRoutes.StrangeMembers(reopen.Body!.Bytes, "version")),
            .. reopen.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys),
        ];
    }

    /// <summary>Every hostile text, and ids that are well formed but of another kind or of no thread.</summary>
    private static IReadOnlyList<HostileText> ThreadIds(ChatValues known) =>
        Hostile.TextsAnd(
            ("id of another kind", known.ExecutionId),
            ("id of no thread", $"th_{known.CustomerId[3..]}_{new string('0', 32)}"),
            ("id of no customer's thread", $"th_{new string('0', 16)}_{new string('0', 32)}"),
            ("id one digit short", known.ThreadId[..^1]),
            ("id in upper case", known.ThreadId.ToUpperInvariant()));

    private static RouteRequest Thread(string method, string operation, ChatValues known) =>
        new(method, "/api/workflows/chat/threads/{id}" + operation) { PathValues = new Dictionary<string, string> { ["id"] = known.ThreadId } };
}
