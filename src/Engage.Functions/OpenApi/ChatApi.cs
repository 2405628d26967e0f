using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Chat.Threads;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>
/// The workflow chat's threads (docs/workflow-chat.md): get or create a step's thread, read it, its messages by branch,
/// its branches and events, send a message (answered as JSON or streamed as server-sent events), complete and reopen.
/// </summary>
internal static class ChatApi
{
    public const string ThreadIdPattern = "^th_[0-9a-f]{16}_[0-9a-f]{32}$";
    public const string MessageIdPattern = "^msg_[0-9]{8}$";
    public const string BranchIdPattern = "^(main|br_[0-9]{8})$";

    private const string Route = "workflows/chat/threads";

    public static void Add(ApiBuilder api)
    {
        var thread = api.Schema("ChatThread", Record(
            "A chat thread: its session state, kept by the backend, and the SHA-256 checksum of the state as stored (docs/workflow-chat-state.md).",
            [.. StateFields(), ("checksum", Pattern("^[0-9a-f]{64}$"))]));
        api.Schema("ChatSessionState", Record("A thread's session state as an event left it: the thread without its checksum.", StateFields()));
        var conflict = api.Schema("ChatConflict", new OpenApiSchema
        {
            Description = "A 409 of a chat thread: the Problem with the version the thread is at, to read it again at and send with.",
            AllOf = [api.Problem, Object(null, ["currentVersion"], ("currentVersion", Integer(minimum: 0)))],
        });
        var (message, user, assistant, tool) = Messages(api);
        var branch = api.Schema("ChatBranch", Record(
            "A branch: main, or one forked by a message that answers a message other than its branch's newest (docs/workflow-chat-branches.md).",
            ("id", Pattern(BranchIdPattern)),
            ("parentBranchId", Nullable(Pattern(BranchIdPattern))),
            ("forkMessageId", Nullable(Pattern(MessageIdPattern, "The parent branch's message the branch follows on from."))),
            ("headMessageId", Nullable(Pattern(MessageIdPattern))),
            ("messageCount", Integer("Messages on the branch itself, not those it sees of its parents.", 0)),
            ("createdAt", DateTime())));
        var chatEvent = api.Schema("ChatEvent", Record(
            "One transition of a thread; replaying a thread's events gives its state.",
            ("seq", Integer("The version the event led to.", 1)),
            ("type", Enum(
                ChatEventTypes.ThreadCreated, ChatEventTypes.MessageReceived, ChatEventTypes.BranchStarted, ChatEventTypes.ReplyStarted, ChatEventTypes.ToolCalled,
                ChatEventTypes.ReplyCompleted, ChatEventTypes.FallbackReply, ChatEventTypes.Error, ChatEventTypes.ThreadCompleted, ChatEventTypes.ThreadClosed, ChatEventTypes.ThreadReopened)),
            ("stateBefore", Nullable(api.Ref("ChatSessionState"))),
            ("stateAfter", api.Ref("ChatSessionState")),
            ("reason", String()),
            ("actor", String("The user who caused it, or system.")),
            ("traceId", Text()),
            ("at", DateTime()),
            ("data", Nullable(Object("What the transition needs (a message id, token counts, a record id), never a message's content.", [])))));
        var sent = api.Schema("ChatSendAnswer", Record(
            "A send's answer: the reply, the tool calls made for it (as messages between the user's message and the reply), the user's message, and the thread after the turn.",
            ("message", assistant),
            ("toolMessages", Array(tool)),
            ("userMessage", user),
            ("thread", thread)));

        var threadId = String("The thread id (th_…), as the create answered.");
        api.Operation(HttpMethod.Post, Route, "CreateChatThread", AuthorizationLevel.Function, Tags.Chat, "Get or create the chat thread of an execution's step", "A step has one thread: the first request creates it (201), any later one answers it (200) with its first title.")
            .Idempotent()
            .Body(
                Object(
                    null,
                    ["workflowExecutionId", "stepId"],
                    ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)),
                    ("stepId", String(maxLength: 100)),
                    ("title", String("The step's name by default.", maxLength: ChatThreadDraft.MaxTitleLength))),
                new JsonObject { ["workflowExecutionId"] = "ex_0123456789abcdef_0123456789abcdef0123456789abcdef", ["stepId"] = "outreach", ["title"] = "Renewal outreach" })
            .Answers(201, "Created: the step's new thread.", thread, headers: ["Location"])
            .Answers(200, "The step's thread, made before.", thread)
            .Problem(400, "A field is unknown, missing or wrong; errors names each.")
            .Problem(404, "No such execution the caller may see.")
            .Problem(413, "The body is over 16 KiB.")
            .Problem(422, "The step is not one of the execution's steps, or the Idempotency-Key was used with another body.");

        OnThread(api, HttpMethod.Get, string.Empty, "GetChatThread", "A chat thread")
            .Answers(200, "The thread.", thread)
            .Refusals();

        OnThread(api, HttpMethod.Get, "/messages", "ListChatMessages", "A branch's messages, oldest first", "The branch's lineage: its parent branches' messages up to each fork, then its own.")
            .Query("branch", Pattern(BranchIdPattern), "The branch; the thread's current branch by default.")
            .Paging(ChatThreads.DefaultLimit, ChatThreads.MaxLimit)
            .Answers(200, "One page of messages.", api.Page(message))
            .Problem(400, "The id is no thread id, or a parameter is not valid.")
            .Problem(404, "No such thread the caller may see, or the thread has no such branch.");

        var description = "Stores the message, has the assistant answer it (with the tools it calls) and stores the reply; the turn runs to its end even if the client hangs up. "
            + "With Accept: text/event-stream the answer is streamed as server-sent events once the message is accepted; refusals before the turn starts are problem+json either way. "
            + "A repeat with the same Idempotency-Key while the first runs waits for it and answers its answer (streamed: one delta with the whole reply, then done). "
            + "503 (problem+json, or an error event when streamed) when no assistant is configured or the turn failed or timed out: the message stays stored without a reply; send again to retry.";
        OnThread(api, HttpMethod.Post, "/messages", "SendChatMessage", "Send a message and get the assistant's reply", description)
            .Idempotent()
            .Body(
                Object(
                    "parentMessageId answers an earlier message: the conversation forks there into a new branch, as editing does; without it the message continues the current branch. "
                        + "version, when sent, must be the thread's version (else 409).",
                    ["content"],
                    ("content", String("1-8,000 characters.", maxLength: ChatSends.MaxContentLength)),
                    ("parentMessageId", Pattern(MessageIdPattern)),
                    ("version", Integer(minimum: 1))),
                JsonNode.Parse(ChatSends.Example)!)
            .Answers(200, "The reply is stored.", sent)
            .Streams(200, "Server-sent events (x-oai-itemSchema describes each): delta per piece of the reply's text, reset when the text so far is withdrawn (the fallback's follows), tool per finished tool call, then done with the JSON answer, or error.", StreamEvents(api, sent))
            .Problem(400, "A field is unknown, missing or wrong, or the id is no thread id; errors names each field.")
            .Problem(404, "No such thread the caller may see.")
            .Problem(409, "version is stale, the assistant is still answering the previous message, or the thread is completed or closed (reopen it first).", conflict)
            .Problem(413, "The body is over 64 KiB.")
            .Problem(422, "parentMessageId is no message of the thread, or the Idempotency-Key was used with another body.");

        OnThread(api, HttpMethod.Get, "/branches", "ListChatBranches", "A thread's branches", "main first, then the others by id.")
            .Answers(200, "Every branch (continuation is always null).", api.Page(branch))
            .Refusals();

        OnThread(api, HttpMethod.Get, "/events", "ListChatEvents", "A thread's transitions, oldest first")
            .Paging(ChatThreads.DefaultLimit, ChatThreads.MaxLimit)
            .Answers(200, "One page of events.", api.Page(chatEvent))
            .Refusals();

        var next = OneOf(
            Record("The execution's next step is active: go there.", ("kind", Enum("step")), ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)), ("stepId", String())),
            Record("The execution ended: the next one in the caller's queue.", ("kind", Enum("execution")), ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)), ("customerId", Pattern(CustomersApi.CustomerIdPattern))),
            Record("Nothing left in the caller's queue.", ("kind", Enum("none"))));
        OnThread(api, HttpMethod.Post, "/complete", "CompleteChatThread", "Complete the thread, and its step with it", "The thread completes; if its step is still active, the step is completed through the execution's command with the chat's totals (docs/workflow-chat-complete.md). Completing a completed thread answers the same way. 202 with Location when the orchestration had not applied the step's completion within 10 s.")
            .Idempotent()
            .Body(VersionBody(), new JsonObject { ["version"] = 7 }, required: false)
            .Answers(200, "Completed: the thread, the execution after it, and where to go next.", Record(null, ("thread", thread), ("workflowExecution", api.Ref("WorkflowExecution")), ("next", next)))
            .Problem(400, "The body or the id is not valid.")
            .Problem(404, "No such thread the caller may see.")
            .Problem(409, "version is stale, or the assistant is still answering.", conflict);

        OnThread(api, HttpMethod.Post, "/reopen", "ReopenChatThread", "Reopen a thread the idle timer closed")
            .Idempotent()
            .Body(VersionBody(), new JsonObject { ["version"] = 7 }, required: false)
            .Answers(200, "The thread, open again.", thread)
            .Problem(400, "The body or the id is not valid.")
            .Problem(404, "No such thread the caller may see.")
            .Problem(409, "version is stale, or the thread is not closed.", conflict);
    }

    /// <summary>A route under a thread, with its id.</summary>
    private static OperationBuilder OnThread(ApiBuilder api, HttpMethod method, string route, string function, string summary, string? description = null) =>
        api.Operation(method, Route + "/{id}" + route, function, AuthorizationLevel.Function, Tags.Chat, summary, description)
            .PathParameter("id", String(), "The thread id (th_…), as the create answered; any other text is a 400.");

    /// <summary>The refusals every read of a thread answers.</summary>
    private static OperationBuilder Refusals(this OperationBuilder operation) =>
        operation.Problem(400, "The id is no thread id, or a parameter is not valid.").Problem(404, "No such thread the caller may see.");

    private static (string, IOpenApiSchema)[] StateFields() =>
    [
        ("id", Pattern(ThreadIdPattern)),
        ("status", Enum(ChatStatus.Open, ChatStatus.Replying, ChatStatus.Completed, ChatStatus.Closed)),
        ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
        ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)),
        ("stepId", String()),
        ("title", String()),
        ("currentBranchId", Pattern(BranchIdPattern, "The branch of the latest message.")),
        ("messageCount", Integer("Every message: user, tool and assistant.", 0)),
        ("promptTokens", Integer(minimum: 0)),
        ("completionTokens", Integer(minimum: 0)),
        ("toolCallCount", Integer(minimum: 0)),
        ("gathered", Record("The records the thread's tools created or changed.", ("taskIds", Array(String())), ("artifactIds", Array(String())), ("actionRunIds", Array(String())))),
        ("degraded", Boolean("The last reply came from the fallback, not the LLM.")),
        ("replyingTo", Nullable(Pattern(MessageIdPattern, "While replying, the message the assistant answers."))),
        ("createdAt", DateTime()),
        ("lastActivityAt", DateTime()),
        ("completedAt", Nullable(DateTime())),
        ("version", Integer("Raised by one per event; send it back to refuse a change made meanwhile.", 1)),
    ];

    /// <summary>A message of each role, and any of them; the role's own fields are required on it.</summary>
    private static (IOpenApiSchema Any, IOpenApiSchema User, IOpenApiSchema Assistant, IOpenApiSchema Tool) Messages(ApiBuilder api)
    {
        (string, IOpenApiSchema)[] Common(string role) =>
        [
            ("id", Pattern(MessageIdPattern)),
            ("role", Enum(role)),
            ("content", String("A tool message's content is its result as JSON text.")),
            ("parentMessageId", Nullable(Pattern(MessageIdPattern, "The message it follows; null for the thread's first."))),
            ("branchId", Pattern(BranchIdPattern)),
            ("createdAt", DateTime()),
            ("promptTokens", Integer(minimum: 0)),
            ("completionTokens", Integer(minimum: 0)),
        ];
        var user = api.Schema("ChatUserMessage", Record("A user's message.", Common(ChatRoles.User)));
        var assistant = api.Schema("ChatAssistantMessage", Record(
            "The assistant's reply.",
            [
                .. Common(ChatRoles.Assistant),
                ("source", Enum("llm", "local", "fallback")),
                ("model", String("The model, or local for the local responder.")),
                ("fallbackReason", Text("Why the fallback answered (circuit open, timeout, 429…).")),
            ]));
        var tool = api.Schema("ChatToolMessage", Record("A tool the assistant called for a reply.", [.. Common(ChatRoles.Tool), .. ToolCallFields()]));
        var any = api.Schema("ChatMessage", OneOf(user, assistant, tool));
        return (any, user, assistant, tool);
    }

    private static (string, IOpenApiSchema)[] ToolCallFields() =>
    [
        ("toolName", String()),
        ("arguments", Object("What the assistant asked the tool.", [])),
        ("result", Any("What the tool answered; {truncated, length} when it was over 30,000 characters.")),
        ("durationMs", Number()),
        ("succeeded", Boolean()),
        ("recordId", Text("The task, artifact or action run the call created or changed.")),
    ];

    /// <summary>One server-sent event of a streamed send: its type and the JSON its data carries.</summary>
    private static OpenApiSchema StreamEvents(ApiBuilder api, IOpenApiSchema done)
    {
        OpenApiSchema Event(string type, IOpenApiSchema data) => Object(
            null,
            ["event", "data"],
            ("event", new OpenApiSchema { Const = type }),
            ("data", new OpenApiSchema { Type = JsonSchemaType.String, ContentMediaType = ApiBuilder.JsonType, ContentSchema = data }));
        return OneOf(
            Event(ChatStream.Delta, api.Schema("ChatDeltaEvent", Record("The next piece of the reply's text.", ("text", String())))),
            Event(ChatStream.Reset, api.Schema("ChatResetEvent", Record("The text streamed so far is withdrawn; the fallback's reply follows.", ("reason", String())))),
            Event(ChatStream.Tool, api.Schema("ChatToolEvent", Object(
                "A finished tool call. A replier that reports none while it runs (the app's own) has its stored tool messages sent before done: a ChatToolMessage, with these fields and the message's.",
                [.. ToolCallFields().Select(f => f.Item1)],
                ToolCallFields()))),
            Event(ChatStream.Done, done),
            Event(ChatStream.Error, api.Schema("ChatErrorEvent", Record("The turn failed: the status and detail a non-streamed send would have answered; the stream ends.", ("status", Integer(minimum: 400, maximum: 599)), ("detail", String())))));
    }

    private static OpenApiSchema VersionBody() =>
        Object("version, when sent, must be the thread's version (else 409); an empty body is the command without it.", [], ("version", Integer(minimum: 1)));

    private static OpenApiSchema OneOf(params IOpenApiSchema[] schemas) => new() { OneOf = [.. schemas] };
}
