using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Hosting;
using Engage.Functions.Identity;
using Engage.Functions.Tests.Llm;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Chat.Threads;
using Engage.Testing;
using static Engage.Functions.Tests.Workflows.Chat.ChatCalls;

namespace Engage.Functions.Tests.Workflows.Chat.Replies;

/// <summary>The chat routes with the real replier, on a loopback fake OpenAI server: what a CSM's browser sees.</summary>
[Collection(LlmChatCollection.Name)]
public sealed class ChatLlmRouteTests(LlmChatApp app)
{
    [Fact]
    public async Task A_streamed_send_streams_the_models_deltas_then_done_with_the_stored_message_its_usage_and_the_new_version()
    {
        var (client, threadId) = await SeededThreadAsync();

        using var response = await StreamAsync(client, threadId, Message("What should I focus on?"));
        var events = await EventsAsync(response).ToListAsync();
        var thread = await GetAsync(client, $"{Threads}/{threadId}");
        var messages = await AllAsync(client, $"{Threads}/{threadId}/messages", limit: 50);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([.. Enumerable.Repeat(ChatStream.Delta, 5), ChatStream.Done], events.Select(e => e.Type));
        Assert.Equal(["Hello", " from", " the", " fake", " model."], events.SkipLast(1).Select(e => Text(e.Data, "text")));
        var done = events[^1].Data;
        Assert.Equal(
            ("Hello from the fake model.", ChatReplySources.Llm, FakeOpenAiServer.Model),
            (Text(done["message"], "content"), Text(done["message"], "source"), Text(done["message"], "model")));
        Assert.Equal(FakeOpenAiServer.Usage, (Number(done["message"], "promptTokens"), Number(done["message"], "completionTokens")));
        Assert.Equal(Number(thread, "version"), Number(done["thread"], "version"));
        Assert.Equal(FakeOpenAiServer.Usage, (Number(thread, "promptTokens"), Number(thread, "completionTokens")));
        Assert.Equal(done["message"]!.ToJsonString(), messages[^1].ToJsonString());
    }

    [Fact]
    public async Task A_streamed_draft_email_call_is_a_tool_event_and_an_email_draft_among_the_artifacts()
    {
        var (client, threadId) = await SeededThreadAsync();
        var thread = await GetAsync(client, $"{Threads}/{threadId}");
        app.Llm.EnqueueStream(
            FakeReply.Calls(new FakeToolCall("call_email", ChatTools.DraftEmail, new JsonObject { ["subject"] = "Renewal check-in", ["body"] = "Hi Dana,\nCan we meet?\nBest" })),
            FakeReply.Stream("The draft is ready."));

        using var response = await StreamAsync(client, threadId, Message("Draft an email to the champion"));
        var events = await EventsAsync(response).ToListAsync();
        using var artifacts = await client.GetAsync($"/api/workflows/artifacts?workflowExecutionId={Text(thread, "workflowExecutionId")}");

        Assert.Equal([ChatStream.Delta, ChatStream.Tool, ChatStream.Done], events.Select(e => e.Type));
        var tool = events[1].Data;
        Assert.Equal((ChatTools.DraftEmail, true), (Text(tool, "toolName"), tool["succeeded"]!.GetValue<bool>()));
        var draft = Assert.Single(artifacts.Json["items"]!.AsArray())!;
        Assert.Equal((Text(tool, "recordId"), ArtifactTypes.EmailDraft, "Renewal check-in"), (Text(draft, "id"), Text(draft, "type"), Text(draft, "title")));
        Assert.Equal("The draft is ready.", Text(events[^1].Data["message"], "content"));
        Assert.Equal(Text(tool, "id"), Text(events[^1].Data["toolMessages"]![0], "id"));
    }

    public static TheoryData<string> Failures => ["500", "429", "stall"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_llm_failure_streams_the_fallback_reply_after_a_reset_of_what_was_sent_and_the_events_mark_it(string failure)
    {
        var (client, threadId) = await SeededThreadAsync();
        app.Llm.EnqueueStream(failure switch
        {
            "500" => FakeReply.Failure(500),
            "429" => FakeReply.Failure(429, ("Retry-After", "20")),
            _ => FakeReply.Stream("Sure, ", "drafting ", "it.") with { StallAfter = 3 },
        });

        using var response = await StreamAsync(client, threadId, Message("Please draft an email to the champion"));
        var events = await EventsAsync(response).ToListAsync();
        var logged = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 50);
        var again = await SendAsync(client, threadId, "Hello again");

        // Only what was streamed is withdrawn: a call that failed before its first chunk has nothing to reset.
        Assert.Equal(
            failure == "stall" ? [ChatStream.Delta, ChatStream.Delta, ChatStream.Reset, ChatStream.Delta, ChatStream.Done] : [ChatStream.Delta, ChatStream.Done],
            events.Select(e => e.Type));
        var message = events[^1].Data["message"]!;
        var reason = Text(message, "fallbackReason")!;
        Assert.StartsWith(failure == "stall" ? "llm stream stalled" : $"llm call failed: {failure}", reason, StringComparison.Ordinal);
        Assert.Equal(ChatReplySources.Fallback, Text(message, "source"));
        Assert.StartsWith("The assistant is running in degraded mode", Text(message, "content"), StringComparison.Ordinal);
        Assert.Equal(Text(message, "content"), Text(events[^2].Data, "text"));
        if (failure == "stall")
        {
            Assert.Equal(reason, Text(events[2].Data, "reason"));
        }

        Assert.True(events[^1].Data["thread"]!["degraded"]!.GetValue<bool>());
        var fallback = Assert.Single(logged, e => Text(e, "type") == ChatEventTypes.FallbackReply);
        Assert.Contains(reason, Text(fallback, "reason"), StringComparison.Ordinal);
        Assert.Equal(Text(message, "id"), Text(fallback["data"], "messageId"));

        // The next turn reaches the model again (a success resets the breaker's count for the other tests).
        Assert.Equal(ChatReplySources.Llm, Text(again["message"], "source"));
        Assert.False(again["thread"]!["degraded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Five_failed_sends_open_the_breaker_on_health_and_after_the_break_a_successful_send_closes_it()
    {
        var (client, threadId) = await SeededThreadAsync();
        app.Llm.EnqueueStream([.. Enumerable.Repeat(FakeReply.Failure(500), 5)]);

        var failed = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            failed.Add(await SendAsync(client, threadId, $"Attempt {i}"));
        }

        var requests = app.Llm.StreamRequests.Count;
        var whileOpen = await SendAsync(client, threadId, "Anyone there?");
        var open = await HealthAsync();

        Assert.All(failed, f => Assert.Equal("llm call failed: 500 Internal Server Error", Text(f["message"], "fallbackReason")));
        Assert.Equal("llm circuit open after 5 consecutive failures", Text(whileOpen["message"], "fallbackReason"));
        Assert.Equal(requests, app.Llm.StreamRequests.Count);
        Assert.Equal(
            ("degraded", "degraded", "open", FakeOpenAiServer.Model),
            (Text(open, "status"), Text(open["chat"]!["llm"], "status"), Text(open["chat"]!["llm"], "circuit"), Text(open["chat"]!["llm"], "generator")));

        // After the 1 s break the next send is the half-open probe; its success closes the circuit.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var probe = await SendAsync(client, threadId, "Back?");
        var closed = await HealthAsync();

        Assert.Equal((ChatReplySources.Llm, "Hello from the fake model."), (Text(probe["message"], "source"), Text(probe["message"], "content")));
        Assert.Equal(requests + 1, app.Llm.StreamRequests.Count);
        Assert.Equal(("ok", "closed"), (Text(closed["chat"]!["llm"], "status"), Text(closed["chat"]!["llm"], "circuit")));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_twice_at_once_makes_one_message_and_one_call_to_the_model()
    {
        var (client, threadId) = await SeededThreadAsync();
        app.Llm.EnqueueStream(FakeReply.Stream("Only ", "once.") with { Delay = TimeSpan.FromMilliseconds(500) });
        var requests = app.Llm.StreamRequests.Count;
        var key = Guid.NewGuid().ToString();

        var sends = await Task.WhenAll(
            client.PostAsync($"{Threads}/{threadId}/messages", Message("Double click"), key),
            client.PostAsync($"{Threads}/{threadId}/messages", Message("Double click"), key));
        var messages = await AllAsync(client, $"{Threads}/{threadId}/messages", limit: 50);

        Assert.All(sends, s => Assert.True(s.Status == HttpStatusCode.OK, s.Body?.ToJsonString()));
        Assert.Equal(sends[0].Json.ToJsonString(), sends[1].Json.ToJsonString());
        Assert.Equal("Only once.", Text(sends[0].Json["message"], "content"));
        Assert.Single(sends, s => s.Message.Headers.Contains(IdempotentCommands.ReplayedHeader));
        Assert.Equal(requests + 1, app.Llm.StreamRequests.Count);
        Assert.Equal(["user", "assistant"], messages.Select(m => Text(m, "role")));
        foreach (var response in sends)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Outside_development_a_chat_route_without_a_signed_in_user_is_a_401()
    {
        await using var production = new WorkflowsAppFactory(await AzuriteServer.SharedAsync(), (FunctionsEnvironment.Setting, "Production"));
        var anonymous = new WorkflowsClient(production.CreateClient());
        var thread = $"{Threads}/th_{new string('0', 16)}_{new string('0', 32)}";

        using var create = await anonymous.PostAsync(Threads, new JsonObject { ["workflowExecutionId"] = "ex_0", ["stepId"] = "outreach" });
        using var send = await anonymous.PostAsync($"{thread}/messages", Message("Hello"));
        using var read = await anonymous.GetAsync(thread);
        var signedIn = production.CreateClient();
        var principal = new JsonObject { ["claims"] = new JsonArray(new JsonObject { ["typ"] = "name", ["val"] = TestCustomers.NewUser() }) };
        signedIn.DefaultRequestHeaders.Add(CallerIdentity.PrincipalHeader, Convert.ToBase64String(Encoding.UTF8.GetBytes(principal.ToJsonString())));
        using var readSignedIn = await new WorkflowsClient(signedIn).GetAsync(thread);

        foreach (var refused in new[] { create, send, read })
        {
            ProblemAssert.Is(refused, HttpStatusCode.Unauthorized, detailContains: "sign in");
        }

        ProblemAssert.Is(readSignedIn, HttpStatusCode.NotFound);
    }

    /// <summary>A new user's thread on an execution whose step has a goal, as the replier's tests seed it.</summary>
    private async Task<(WorkflowsClient Client, string ThreadId)> SeededThreadAsync()
    {
        var (_, execution, access) = await app.SeedAsync();
        var client = app.As(access.Caller.UserId);
        return (client, Text(await CreateAsync(client, execution.Id, SeededRecords.CurrentStep), "id")!);
    }

    private async Task<JsonObject> HealthAsync()
    {
        // Degraded is still 200: the fallback answers, so the app is up.
        using var health = await app.Admin.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        return health.Json;
    }
}
