using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// <c>POST .../threads/{id}/messages</c>: a user message and the assistant's reply (docs/workflow-chat-sends.md). In
/// two transactions: the message with <c>message_received</c> (and <c>branch_started</c>) and <c>reply_started</c>,
/// the thread <c>replying</c>; then, once the <see cref="IChatReplier"/> answered, the tool messages with their
/// <c>tool_called</c> events and the reply with <c>reply_completed</c> or <c>fallback_reply</c>. The turn runs on a
/// token of its own (host lifetime and turn timeout), not the request's, so a client that hangs up mid-stream finds
/// the reply stored, and its retry with the same Idempotency-Key gets it.
/// </summary>
public sealed partial class ChatSends(
    ChatThreadAccess threads,
    ChatThreads chats,
    ChatThreadStore store,
    IdempotentCommands commands,
    IChatReplier replier,
    ChatThreadOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<ChatSends> logger)
{
    public const int MaxContentLength = 8000;

    /// <summary>The newest messages of the branch a turn is given: the replier keeps what fits its model.</summary>
    public const int MaxHistory = 100;

    /// <summary>Tool calls stored per turn: two rows each, and a transaction holds 100.</summary>
    public const int MaxToolCalls = 40;

    /// <summary>A table property holds 32,768 characters; a reply or a tool's JSON beyond this is cut.</summary>
    public const int MaxStoredLength = 30_000;

    public const string Example = """{"content": "Draft an email to the champion about the renewal.", "parentMessageId": "msg_00000002", "version": 3}""";

    private const int MaxBodyBytes = 64 * 1024;

    public async Task<IResult> SendAsync(HttpRequest request, Caller caller, RecordAccess access, DurableTaskClient durable, string threadId, CancellationToken cancellationToken)
    {
        var (bytes, fields, bad) = await JsonFields.ReadAsync(request, MaxBodyBytes, Example, emptyIsObject: false, cancellationToken);
        if (fields is null)
        {
            return bad!;
        }

        fields.OnlyKnown("content", "parentMessageId", "version");
        var content = fields.Text("content", MaxContentLength, required: true, multiline: true);
        var parent = fields.Text("parentMessageId", 64);
        if (parent is not null && !ChatMessageRow.TryParseId(parent, out _))
        {
            fields.Refuse("parentMessageId", "must be the id of a message of this thread: msg_ and 8 digits.");
        }

        var version = fields.WholeNumber("version", 1, int.MaxValue);
        if (!fields.IsValid || content is null)
        {
            return fields.Problem("The message is not valid; errors names each field to correct.");
        }

        if (!IdempotentCommands.TryReadKey(request, out var key, out var badKey))
        {
            return badKey!;
        }

        var (visible, notFound) = await threads.FindAsync(access, threadId, cancellationToken);
        if (visible is null)
        {
            return notFound!;
        }

        var streaming = request.Headers.Accept.Any(accept => accept?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        CommandClaim? claim = null;
        if (key is not null)
        {
            // A double-clicked send waits for the first click's turn and answers with it, rather than a 409.
            claim = await commands.ClaimAsync(request, WorkflowRequests.Scope("chat-messages", caller), key, bytes, threadId, options.TurnLease, options.TurnLease, cancellationToken);
            if (claim.Recorded is { } recorded)
            {
                return streaming && recorded.Body is { } recordedBody ? TypedResults.ServerSentEvents(ChatStream.Replay(recordedBody)) : recorded;
            }

            if (claim.Refusal() is { } refused)
            {
                return refused;
            }
        }

        var traceId = Problems.TraceId(request.HttpContext);
        var (turn, refusal) = await BeginAsync(visible.Thread, content, parent, version, caller, traceId, cancellationToken);
        if (refusal is not null)
        {
            if (claim is not null)
            {
                await commands.ReleaseAsync(claim);
            }

            return refusal;
        }

        var chatTurn = new ChatTurn(threadId, visible.Execution, visible.Thread.State.StepId, turn!.UserMessage.Id, turn.History, access, durable, traceId);
        var stream = streaming ? new ChatStream() : null;
        var running = RunAsync(turn, chatTurn, stream, claim);
        return stream is not null
            ? TypedResults.ServerSentEvents(stream.ReadAllAsync(request.HttpContext.RequestAborted))
            : await running.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The first transaction: refuses a stale version (409 with the current one), a thread that takes no message, a
    /// turn in progress, and a parent that is no message of the thread (422); else stores the message and marks the
    /// thread replying. A turn still <c>replying</c> past its lease was abandoned (its process died): an <c>error</c>
    /// event ends it first.
    /// </summary>
    private async Task<(StartedTurn? Turn, IResult? Refusal)> BeginAsync(
        ChatThread thread, string content, string? parentMessageId, int? version, Caller caller, string traceId, CancellationToken cancellationToken)
    {
        var state = thread.State;
        var now = timeProvider.GetUtcNow();
        if (ChatProblems.StaleVersion(version, state) is { } stale)
        {
            return (null, stale);
        }

        if (ChatProblems.RefuseMessage(state) is { } closed)
        {
            return (null, closed);
        }

        var events = new List<ChatEvent>();
        if (state.Status == ChatStatus.Replying)
        {
            if (now - state.LastActivityAt < options.TurnLease)
            {
                return (null, ChatProblems.Conflict(
                    $"The assistant is still answering {state.ReplyingTo}; wait for its reply (GET the thread's messages) and send after it.", state.Version));
            }

            events.Add(new ChatEvent(
                ChatEventTypes.Error, now, ChatSession.SystemActor, $"The turn answering {state.ReplyingTo} was abandoned: no reply within {options.TurnLease.TotalSeconds:0} s.", traceId,
                new JsonObject { ["messageId"] = state.ReplyingTo }));
        }

        var branches = await store.BranchesAsync(thread.Id, cancellationToken);
        var seq = state.MessageCount + 1;
        ChatBranchRow branch;
        string? parentId;
        if (parentMessageId is null)
        {
            branch = branches[state.CurrentBranchId];
            parentId = branch.HeadMessageId;
        }
        else
        {
            ChatMessageRow.TryParseId(parentMessageId, out var parentSeq);
            if (await store.MessageAsync(thread.Id, parentSeq, cancellationToken) is not { } parentMessage)
            {
                return (null, Problems.Unprocessable($"parentMessageId {parentMessageId} is no message of thread {thread.Id}."));
            }

            parentId = parentMessage.Id;
            branch = branches[parentMessage.BranchId];
            if (branch.HeadMessageId != parentId)
            {
                // Answering a message that is not its branch's newest: the conversation forks there, as editing does.
                branch = new ChatBranchRow
                {
                    PartitionKey = thread.Id,
                    RowKey = ChatBranchRow.RowKeyFor(ChatBranchRow.IdFor(seq)),
                    Id = ChatBranchRow.IdFor(seq),
                    ParentBranchId = parentMessage.BranchId,
                    ForkMessageId = parentId,
                    CreatedAt = now,
                };
                branches[branch.Id] = branch;
                events.Add(new ChatEvent(
                    ChatEventTypes.BranchStarted, now, caller.UserId, $"Branch {branch.Id} forks from {parentId} on {branch.ParentBranchId}.", traceId,
                    new JsonObject { ["branchId"] = branch.Id, ["parentBranchId"] = branch.ParentBranchId, ["forkMessageId"] = parentId }));
            }
        }

        var user = ChatMessageRow.New(thread.Id, seq, ChatRoles.User, content, parentId, branch.Id, now);
        branch.HeadMessageId = user.Id;
        branch.MessageCount++;
        events.Add(new ChatEvent(ChatEventTypes.MessageReceived, now, caller.UserId, $"Message from {caller.UserId}.", traceId, new JsonObject { ["messageId"] = user.Id, ["branchId"] = branch.Id }));
        events.Add(new ChatEvent(ChatEventTypes.ReplyStarted, now, ChatSession.SystemActor, $"Answering {user.Id}.", traceId, new JsonObject { ["messageId"] = user.Id }));
        try
        {
            thread = await store.CommitAsync(thread, events, [user, branch], cancellationToken);
        }
        catch (ChatStateConflictException)
        {
            return (null, await chats.ConflictAsync(
                thread.Id,
                $"Thread {thread.Id} changed while this message was being stored (another message was sent); nothing was stored. Read the thread again and send with its current version.",
                cancellationToken));
        }

        var lineage = new ChatLineage(branches, branch.Id);
        var history = new List<ChatTurnMessage>();
        await foreach (var message in store.MessagesAsync(thread.Id, 0, cancellationToken))
        {
            if (lineage.Contains(message))
            {
                history.Add(message.ToTurnMessage());
            }
        }

        return (new StartedTurn(thread, user, history.Count > MaxHistory ? history[^MaxHistory..] : history), null);
    }

    /// <summary>
    /// The reply and the second transaction, on the turn's own token; records the answer under the Idempotency-Key or
    /// frees it. Never throws: a failed turn is stored as an <c>error</c> event and answered with a 503 problem.
    /// </summary>
    private async Task<IResult> RunAsync(StartedTurn started, ChatTurn turn, ChatStream? stream, CommandClaim? claim)
    {
        using var timeout = new CancellationTokenSource(options.TurnTimeout, timeProvider);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, lifetime.ApplicationStopping);
        try
        {
            var reply = await replier.ReplyAsync(turn, (IChatReplyStream?)stream ?? NoChatStream.Instance, token.Token);
            var (thread, tools, assistant) = await FinishAsync(started, reply, CancellationToken.None);
            var toolJson = tools.Select(t => t.ToJson()).ToList();
            var body = new JsonObject
            {
                ["message"] = assistant.ToJson(),
                ["toolMessages"] = new JsonArray([.. toolJson.Select(t => t.DeepClone())]),
                ["userMessage"] = started.UserMessage.ToJson(),
                ["thread"] = thread.State.ToJson(),
            };
            var answer = CommandAnswer.Ok(body);
            if (claim is not null)
            {
                await commands.CompleteAsync(claim, answer);
            }

            stream?.Complete(toolJson, body);
            return answer;
        }
        catch (Exception e)
        {
            var timedOut = timeout.IsCancellationRequested;
            LogTurnFailed(turn.ThreadId, turn.UserMessageId, timedOut, e.GetType().Name);
            var reason = timedOut ? $"No reply within the turn timeout of {options.TurnTimeout.TotalSeconds:0} s." : $"The assistant failed ({e.GetType().Name}).";
            await EndFailedAsync(started, reason);
            if (claim is not null)
            {
                await commands.ReleaseAsync(claim);
            }

            var detail = $"{reason} Your message {turn.UserMessageId} is stored without a reply; send again to retry.";
            stream?.Fail(StatusCodes.Status503ServiceUnavailable, detail);
            return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The assistant could not answer.");
        }
    }

    /// <summary>
    /// The second transaction. Only this turn writes the thread while it is replying, but a read may have repaired
    /// the state row meanwhile (a new ETag, the same state), so a conflict is retried on the state as it is then.
    /// </summary>
    private async Task<(ChatThread Thread, IReadOnlyList<ChatMessageRow> Tools, ChatMessageRow Assistant)> FinishAsync(StartedTurn started, ChatReply reply, CancellationToken cancellationToken)
    {
        var thread = started.Thread;
        for (var attempt = 1; ; attempt++)
        {
            if (thread.State.Status != ChatStatus.Replying || thread.State.ReplyingTo != started.UserMessage.Id)
            {
                throw new InvalidOperationException($"The turn answering {started.UserMessage.Id} was taken over before its reply was stored.");
            }

            var (events, tools, assistant, branch) = await ReplyRowsAsync(thread, started.UserMessage, reply, cancellationToken);
            try
            {
                return (await store.CommitAsync(thread, events, [.. tools, assistant, branch], cancellationToken), tools, assistant);
            }
            catch (ChatStateConflictException) when (attempt < 3)
            {
                thread = await store.FindAsync(thread.Id, cancellationToken) ?? throw new InvalidOperationException($"Thread {thread.Id} is gone.");
            }
        }
    }

    private async Task<(List<ChatEvent> Events, List<ChatMessageRow> Tools, ChatMessageRow Assistant, ChatBranchRow Branch)> ReplyRowsAsync(
        ChatThread thread, ChatMessageRow user, ChatReply reply, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var branch = (await store.BranchesAsync(thread.Id, cancellationToken))[user.BranchId];
        var seq = thread.State.MessageCount;
        var parent = user.Id;
        var events = new List<ChatEvent>();
        var tools = new List<ChatMessageRow>();
        foreach (var call in reply.ToolCalls.Take(MaxToolCalls))
        {
            var result = Bounded(call.Result);
            var tool = ChatMessageRow.New(thread.Id, ++seq, ChatRoles.Tool, result ?? string.Empty, parent, branch.Id, now);
            tool.ToolName = call.Name;
            tool.ArgumentsJson = Bounded(call.Arguments);
            tool.ResultJson = result;
            tool.DurationMs = Math.Round(call.Duration.TotalMilliseconds, 1);
            tool.Succeeded = call.Succeeded;
            tool.RecordId = call.RecordId;
            tools.Add(tool);
            parent = tool.Id;
            events.Add(new ChatEvent(
                ChatEventTypes.ToolCalled, now, ChatSession.SystemActor, $"{call.Name} {(call.Succeeded ? "succeeded" : "failed")}.", null,
                new JsonObject { ["messageId"] = tool.Id, ["toolName"] = call.Name, ["succeeded"] = call.Succeeded, ["recordId"] = call.RecordId }));
        }

        var assistant = ChatMessageRow.New(thread.Id, ++seq, ChatRoles.Assistant, Cut(reply.Content), parent, branch.Id, now);
        assistant.PromptTokens = reply.PromptTokens;
        assistant.CompletionTokens = reply.CompletionTokens;
        assistant.Source = reply.Source;
        assistant.Model = reply.Model;
        assistant.FallbackReason = reply.FallbackReason;
        var fallback = reply.Source == ChatReplySources.Fallback;
        events.Add(new ChatEvent(
            fallback ? ChatEventTypes.FallbackReply : ChatEventTypes.ReplyCompleted,
            now,
            ChatSession.SystemActor,
            fallback ? $"Fallback reply: {reply.FallbackReason ?? "the language model is unavailable"}." : $"Reply from {reply.Source} ({reply.Model}).",
            null,
            new JsonObject
            {
                ["messageId"] = assistant.Id,
                ["source"] = reply.Source,
                ["model"] = reply.Model,
                ["promptTokens"] = reply.PromptTokens,
                ["completionTokens"] = reply.CompletionTokens,
            }));
        branch.HeadMessageId = assistant.Id;
        branch.MessageCount += tools.Count + 1;
        return (events, tools, assistant, branch);
    }

    /// <summary>Ends a failed turn with an <c>error</c> event, so the thread takes messages again; a failure here is only logged (the turn's lease then ends it).</summary>
    private async Task EndFailedAsync(StartedTurn started, string reason)
    {
        try
        {
            var thread = await store.FindAsync(started.Thread.Id, CancellationToken.None);
            if (thread is { State.Status: ChatStatus.Replying } && thread.State.ReplyingTo == started.UserMessage.Id)
            {
                await store.CommitAsync(
                    thread,
                    [new ChatEvent(ChatEventTypes.Error, timeProvider.GetUtcNow(), ChatSession.SystemActor, reason, null, new JsonObject { ["messageId"] = started.UserMessage.Id })],
                    [],
                    CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotEnded(e, started.Thread.Id);
        }
    }

    /// <summary>The JSON text, or a note of its length when it would not fit a table property.</summary>
    private static string? Bounded(JsonNode? json)
    {
        var text = json?.ToJsonString();
        return text is null || text.Length <= MaxStoredLength ? text : new JsonObject { ["truncated"] = true, ["length"] = text.Length }.ToJsonString();
    }

    private static string Cut(string content) => content.Length <= MaxStoredLength ? content : content[..MaxStoredLength];

    /// <summary>The exception's type only: a replier's exception may quote the conversation, which stays out of logs.</summary>
    [LoggerMessage(Level = LogLevel.Error, Message = "Chat thread {ThreadId}: the turn answering {MessageId} failed (timed out: {TimedOut}, {ExceptionType})")]
    private partial void LogTurnFailed(string threadId, string messageId, bool timedOut, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat thread {ThreadId}: a failed turn could not be ended; its lease ends it")]
    private partial void LogNotEnded(Exception exception, string threadId);

    /// <summary>A turn whose message is stored: the thread after it, the message, and the history the replier gets.</summary>
    private sealed record StartedTurn(ChatThread Thread, ChatMessageRow UserMessage, IReadOnlyList<ChatTurnMessage> History);
}
