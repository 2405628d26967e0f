using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Threads;
using Engage.Testing;
using static Engage.Functions.Tests.Workflows.Chat.ChatCalls;

namespace Engage.Functions.Tests.Workflows.Chat;

/// <summary>Sends: versions, concurrency, Idempotency-Key, streaming as server-sent events, disconnects and failed turns.</summary>
public sealed class ChatSendTests(ChatAppFixture app) : IClassFixture<ChatAppFixture>
{
    [Fact]
    public async Task A_send_stores_the_message_and_the_reply_and_answers_both_with_the_new_version()
    {
        var (client, threadId, _) = await app.ThreadAsync();

        var answer = await SendAsync(client, threadId, "Draft an email to the champion", version: 1);
        var thread = await GetAsync(client, $"{Threads}/{threadId}");

        Assert.Equal("Echo: Draft an email to the champion", Text(answer["message"], "content"));
        Assert.Equal("assistant", Text(answer["message"], "role"));
        Assert.Equal(Text(answer["userMessage"], "id"), Text(answer["message"], "parentMessageId"));
        Assert.Null(Text(answer["userMessage"], "parentMessageId"));
        Assert.Empty(answer["toolMessages"]!.AsArray());
        Assert.Equal(thread.ToJsonString(), answer["thread"]!.ToJsonString());
        Assert.Equal(4, Number(thread, "version"));
        Assert.Equal(ChatStatus.Open, Text(thread, "status"));
        Assert.Equal(2, Number(thread, "messageCount"));
        var turn = app.Replier.LastTurn(threadId)!;
        Assert.Equal(Text(answer["userMessage"], "id"), turn.UserMessageId);
        Assert.Equal(SeededRecords.CurrentStep, turn.StepId);
        Assert.Equal(client.User, turn.Access.Caller.UserId);
    }

    [Fact]
    public async Task Of_two_concurrent_sends_at_one_version_one_wins_and_the_other_gets_409_with_the_current_version()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        app.Replier.Script(threadId, new ChatScript(Delay: TimeSpan.FromMilliseconds(200)));

        var sends = await Task.WhenAll(
            client.PostAsync($"{Threads}/{threadId}/messages", Message("One", version: 1)),
            client.PostAsync($"{Threads}/{threadId}/messages", Message("Two", version: 1)));
        var stale = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Three", version: 1));
        var thread = await GetAsync(client, $"{Threads}/{threadId}");

        var won = Assert.Single(sends, s => s.Status == HttpStatusCode.OK);
        var lost = Assert.Single(sends, s => s.Status != HttpStatusCode.OK);
        ProblemAssert.Is(lost, HttpStatusCode.Conflict);
        Assert.True(lost.Json["currentVersion"]!.GetValue<int>() > 1, lost.Json.ToJsonString());
        ProblemAssert.Is(stale, HttpStatusCode.Conflict, detailContains: "version 4");
        Assert.Equal(Number(thread, "version"), stale.Json["currentVersion"]!.GetValue<int>());
        Assert.Equal(1, app.Replier.Calls(threadId));
        Assert.Equal(2, Number(thread, "messageCount"));
        foreach (var response in sends.Append(stale))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_send_while_the_assistant_replies_is_a_409()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Replier.Script(threadId, new ChatScript(AfterFirstDelta: gate));

        var first = client.PostAsync($"{Threads}/{threadId}/messages", Message("First"));
        await Eventually.GetAsync(() => GetAsync(client, $"{Threads}/{threadId}"), t => Text(t, "status") == ChatStatus.Replying, what: "replying");
        using var second = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Second"));
        using var complete = await client.PostAsync($"{Threads}/{threadId}/complete", null);
        gate.SetResult();
        using var answered = await first;

        ProblemAssert.Is(second, HttpStatusCode.Conflict, detailContains: "still answering");
        ProblemAssert.Is(complete, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Equal(1, app.Replier.Calls(threadId));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_twice_at_once_gives_one_message_and_one_replier_call()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        app.Replier.Script(threadId, new ChatScript(Delay: TimeSpan.FromMilliseconds(300)));
        var key = Guid.NewGuid().ToString();

        var sends = await Task.WhenAll(
            client.PostAsync($"{Threads}/{threadId}/messages", Message("Double click"), key),
            client.PostAsync($"{Threads}/{threadId}/messages", Message("Double click"), key));
        var messages = await AllAsync(client, $"{Threads}/{threadId}/messages", limit: 50);
        using var otherBody = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Another message"), key);

        Assert.All(sends, s => Assert.Equal(HttpStatusCode.OK, s.Status));
        Assert.Equal(sends[0].Json.ToJsonString(), sends[1].Json.ToJsonString());
        Assert.Single(sends, s => s.Message.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        Assert.Equal(1, app.Replier.Calls(threadId));
        Assert.Equal(2, messages.Count);
        ProblemAssert.Is(otherBody, HttpStatusCode.UnprocessableEntity);
        foreach (var response in sends)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_streamed_send_sends_a_delta_per_token_the_tool_calls_and_the_stored_answer()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        var call = new ChatToolCall("call_1", "read_context", [], new JsonObject { ["renewalStage"] = "negotiation" }, true, TimeSpan.FromMilliseconds(4));
        app.Replier.Script(threadId, new ChatScript(Deltas: ["Renewal ", "is ", "in ", "negotiation."], ToolCalls: [call]));

        using var response = await StreamAsync(client, threadId, Message("Where is the renewal?"));
        var events = await EventsAsync(response).ToListAsync();
        var thread = await GetAsync(client, $"{Threads}/{threadId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([ChatStream.Delta, ChatStream.Delta, ChatStream.Delta, ChatStream.Delta, ChatStream.Tool, ChatStream.Done], events.Select(e => e.Type));
        Assert.Equal("Renewal is in negotiation.", string.Concat(events.Where(e => e.Type == ChatStream.Delta).Select(e => Text(e.Data, "text"))));
        Assert.Equal("read_context", Text(events[4].Data, "toolName"));
        var done = events[^1].Data;
        Assert.Equal("Renewal is in negotiation.", Text(done["message"], "content"));
        Assert.Equal(4, Number(done["message"], "completionTokens"));
        Assert.Equal(ScriptedChatReplier.PromptTokens, Number(done["message"], "promptTokens"));
        Assert.Equal(Number(thread, "version"), Number(done["thread"], "version"));
        Assert.Equal(Text(events[4].Data, "id"), Text(done["toolMessages"]![0], "id"));
    }

    [Fact]
    public async Task A_stream_whose_llm_failed_mid_way_resets_and_the_fallback_reply_is_marked()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        var call = new ChatToolCall("call_1", "read_context", [], new JsonObject { ["ok"] = true }, true, TimeSpan.FromMilliseconds(4));
        app.Replier.Script(threadId, new ChatScript(Deltas: ["Half a"], ToolCalls: [call], StreamTools: true, FallbackReason: "llm stream stalled", FallbackDeltas: ["Degraded ", "mode."]));

        using var response = await StreamAsync(client, threadId, Message("Anything?"));
        var events = await EventsAsync(response).ToListAsync();
        var logged = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 50);

        Assert.Equal([ChatStream.Delta, ChatStream.Tool, ChatStream.Reset, ChatStream.Delta, ChatStream.Delta, ChatStream.Done], events.Select(e => e.Type));
        Assert.Equal("llm stream stalled", Text(events[2].Data, "reason"));
        var message = events[^1].Data["message"]!;
        Assert.Equal("Degraded mode.", Text(message, "content"));
        Assert.Equal(ChatReplySources.Fallback, Text(message, "source"));
        Assert.Equal("llm stream stalled", Text(message, "fallbackReason"));
        Assert.True(events[^1].Data["thread"]!["degraded"]!.GetValue<bool>());
        var fallback = Assert.Single(logged, e => Text(e, "type") == ChatEventTypes.FallbackReply);
        Assert.Contains("llm stream stalled", Text(fallback, "reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_a_disconnect_mid_stream_gets_the_stored_reply()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Replier.Script(threadId, new ChatScript(Deltas: ["The ", "stored ", "reply."], AfterFirstDelta: gate));
        var key = Guid.NewGuid().ToString();

        using (var hangUp = new CancellationTokenSource())
        {
            var response = await StreamAsync(client, threadId, Message("Tell me"), key, hangUp.Token);
            await using var events = EventsAsync(response).GetAsyncEnumerator();
            Assert.True(await events.MoveNextAsync());
            Assert.Equal((ChatStream.Delta, "The "), (events.Current.Type, Text(events.Current.Data, "text")));
            await hangUp.CancelAsync();
            response.Dispose();
        }

        gate.SetResult();
        using var retried = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Tell me"), key);
        using var replayedStream = await StreamAsync(client, threadId, Message("Tell me"), key);
        var replayed = await EventsAsync(replayedStream).ToListAsync();

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal("true", retried.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("The stored reply.", Text(retried.Json["message"], "content"));
        Assert.Equal([ChatStream.Delta, ChatStream.Done], replayed.Select(e => e.Type));
        Assert.Equal("The stored reply.", Text(replayed[0].Data, "text"));
        Assert.Equal(retried.Json.ToJsonString(), replayed[1].Data.ToJsonString());
        Assert.Equal(1, app.Replier.Calls(threadId));
    }

    [Fact]
    public async Task A_failed_turn_is_an_error_event_a_503_and_the_thread_takes_the_next_message()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        app.Replier.Script(threadId, new ChatScript(Fail: true));
        var key = Guid.NewGuid().ToString();

        using var failed = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Try"), key);
        app.Replier.Script(threadId, new ChatScript());
        using var retried = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Try"), key);
        var events = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 50);

        ProblemAssert.Is(failed, HttpStatusCode.ServiceUnavailable, detailContains: "send again");
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.False(retried.Message.Headers.Contains("Idempotent-Replayed"));
        Assert.Contains(events, e => Text(e, "type") == ChatEventTypes.Error);
        Assert.Equal(ChatStatus.Open, Text(retried.Json["thread"], "status"));
        Assert.DoesNotContain(app.App.Logs.Entries, e => e.Message.Contains("scripted replier fails", StringComparison.Ordinal));
    }
}
