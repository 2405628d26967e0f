using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Functions.Workflows.Chat.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Engage.Functions.Tests.Workflows.Chat.ChatAppFixture;

namespace Engage.Functions.Tests.Workflows.Chat;

/// <summary>The thread routes around the send: get or create, reads, branches, paging, events and their replay, the checksum, idle close and reopen.</summary>
public sealed class ChatThreadTests(ChatAppFixture app) : IClassFixture<ChatAppFixture>
{
    [Fact]
    public async Task A_step_has_one_thread_created_once_and_answered_after_that()
    {
        var (client, customer, execution) = await app.OwnerAsync();

        using var created = await client.PostAsync(Threads, new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = SeededRecords.CurrentStep, ["title"] = "Outreach chat" });
        var again = await CreateAsync(client, execution.Id, SeededRecords.CurrentStep, HttpStatusCode.OK);
        var read = await GetAsync(client, $"{Threads}/{Text(created.Json, "id")}");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = Text(created.Json, "id")!;
        Assert.Equal($"{Threads}/{id}", created.Message.Headers.Location?.OriginalString);
        Assert.StartsWith("th_" + customer.Id[3..], id, StringComparison.Ordinal);
        Assert.Equal(id, Text(again, "id"));
        Assert.Equal(ChatStatus.Open, Text(read, "status"));
        Assert.Equal("Outreach chat", Text(read, "title"));
        Assert.Equal(execution.Id, Text(read, "workflowExecutionId"));
        Assert.Equal(SeededRecords.CurrentStep, Text(read, "stepId"));
        Assert.Equal("main", Text(read, "currentBranchId"));
        Assert.Equal(1, Number(read, "version"));
        Assert.Equal(0, Number(read, "messageCount"));
        var state = (JsonObject)read.DeepClone();
        state.Remove("checksum");
        Assert.Equal(ChatSessionState.ChecksumOf(state.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })), Text(read, "checksum"));
    }

    [Fact]
    public async Task Threads_are_as_visible_as_their_execution_and_bad_input_is_a_problem()
    {
        var (client, threadId, execution) = await app.ThreadAsync();
        var stranger = app.As(TestCustomers.NewUser());

        using var hidden = await stranger.GetAsync($"{Threads}/{threadId}");
        using var hiddenMessages = await stranger.GetAsync($"{Threads}/{threadId}/messages");
        using var hiddenSend = await stranger.PostAsync($"{Threads}/{threadId}/messages", Message("Hello"));
        using var hiddenCreate = await stranger.PostAsync(Threads, new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = SeededRecords.CurrentStep });
        using var noStep = await client.PostAsync(Threads, new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = "no-such-step" });
        using var notAnId = await client.GetAsync($"{Threads}/th_nope");
        using var unknownField = await client.PostAsync($"{Threads}/{threadId}/messages", new JsonObject { ["content"] = "Hi", ["role"] = "system" });
        using var tooLong = await client.PostAsync($"{Threads}/{threadId}/messages", Message(new string('x', ChatSends.MaxContentLength + 1)));
        using var badParent = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Hi", parentMessageId: "msg_99999999"));
        using var malformedParent = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Hi", parentMessageId: "m1"));
        using var noBranch = await client.GetAsync($"{Threads}/{threadId}/messages?branch=br_00000042");
        using var badToken = await client.GetAsync($"{Threads}/{threadId}/events?continuation=abc");

        ProblemAssert.Is(hidden, HttpStatusCode.NotFound);
        ProblemAssert.Is(hiddenMessages, HttpStatusCode.NotFound);
        ProblemAssert.Is(hiddenSend, HttpStatusCode.NotFound);
        ProblemAssert.Is(hiddenCreate, HttpStatusCode.NotFound);
        ProblemAssert.Is(noStep, HttpStatusCode.UnprocessableEntity, detailContains: SeededRecords.CurrentStep);
        ProblemAssert.Is(notAnId, HttpStatusCode.BadRequest);
        ProblemAssert.Is(unknownField, HttpStatusCode.BadRequest, field: "role");
        ProblemAssert.Is(tooLong, HttpStatusCode.BadRequest, field: "content");
        ProblemAssert.Is(badParent, HttpStatusCode.UnprocessableEntity, detailContains: "msg_99999999");
        ProblemAssert.Is(malformedParent, HttpStatusCode.BadRequest, field: "parentMessageId");
        ProblemAssert.Is(noBranch, HttpStatusCode.NotFound);
        ProblemAssert.Is(badToken, HttpStatusCode.BadRequest);
        Assert.Equal(0, app.Replier.Calls(threadId));
    }

    [Fact]
    public async Task A_message_answering_an_older_one_starts_a_branch_whose_lineage_the_turn_and_the_list_see()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        var first = await SendAsync(client, threadId, "First question");
        await SendAsync(client, threadId, "Second question");
        var firstReply = Text(first["message"], "id")!;

        var edited = await SendAsync(client, threadId, "Second question, asked another way", parentMessageId: firstReply);
        var branches = (await GetAsync(client, $"{Threads}/{threadId}/branches"))["items"]!.AsArray();
        var current = await AllAsync(client, $"{Threads}/{threadId}/messages", limit: 2);
        var main = await AllAsync(client, $"{Threads}/{threadId}/messages?branch=main", limit: 50);
        var continued = await SendAsync(client, threadId, "And a follow-up");

        Assert.Equal(["main", "br_00000005"], branches.Select(b => Text(b, "id")));
        var branch = branches[1]!;
        Assert.Equal("main", Text(branch, "parentBranchId"));
        Assert.Equal(firstReply, Text(branch, "forkMessageId"));
        Assert.Equal(Text(edited["message"], "id"), Text(branch, "headMessageId"));
        Assert.Equal(2, Number(branch, "messageCount"));
        Assert.Equal("br_00000005", Text(edited["thread"], "currentBranchId"));
        Assert.Equal(
            ["First question", "Echo: First question", "Second question, asked another way", "Echo: Second question, asked another way"],
            current.Select(m => Text(m, "content")));
        Assert.Equal(["First question", "Echo: First question", "Second question", "Echo: Second question"], main.Select(m => Text(m, "content")));
        Assert.Equal(firstReply, Text(edited["userMessage"], "parentMessageId"));
        Assert.Equal("br_00000005", Text(continued["message"], "branchId"));
        Assert.Equal(
            ["user", "assistant", "user", "assistant", "user"],
            app.Replier.LastTurn(threadId)!.History.Select(m => m.Role));
        Assert.Equal("And a follow-up", app.Replier.LastTurn(threadId)!.History[^1].Content);
    }

    [Fact]
    public async Task Replaying_the_events_gives_exactly_the_stored_state_and_each_events_state_after()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        var customerId = (await GetAsync(client, $"{Threads}/{threadId}"))["customerId"]!.GetValue<string>();
        var taskId = Engage.Functions.Records.RecordId.NewChild(Engage.Functions.Records.RecordId.Task, customerId, DateTimeOffset.UtcNow);
        app.Replier.Script(threadId, new ChatScript(ToolCalls:
        [
            new("call_1", "create_task", new JsonObject { ["title"] = "Call the champion" }, new JsonObject { ["id"] = taskId }, true, TimeSpan.FromMilliseconds(12), taskId),
            new("call_2", "read_context", [], new JsonObject { ["renewalStage"] = "negotiation" }, true, TimeSpan.FromMilliseconds(3)),
        ]));
        var first = await SendAsync(client, threadId, "Make a task to call the champion");
        app.Replier.Script(threadId, new ChatScript(FallbackReason: "llm call failed: 503 Service Unavailable"));
        await SendAsync(client, threadId, "And now?");
        app.Replier.Script(threadId, new ChatScript());
        await SendAsync(client, threadId, "Again, from the top", parentMessageId: Text(first["message"], "id"));

        var events = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 4);
        var thread = await GetAsync(client, $"{Threads}/{threadId}");

        var replayed = (ChatSessionState?)null;
        string? previous = null;
        foreach (var e in events)
        {
            replayed = ChatSession.Apply(replayed, ToEvent(e));
            Assert.Equal(e["stateAfter"]!.ToJsonString(), JsonNode.Parse(replayed.ToCanonicalJson())!.ToJsonString());
            Assert.Equal(previous, e["stateBefore"]?.ToJsonString());
            previous = e["stateAfter"]!.ToJsonString();
        }

        Assert.Equal(thread.ToJsonString(), replayed!.ToJson().ToJsonString());
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => Number(e, "seq")));
        Assert.Equal(Number(thread, "version"), events.Count);
        Assert.Contains(events, e => Text(e, "type") == ChatEventTypes.FallbackReply && Text(e, "reason")!.Contains("503", StringComparison.Ordinal));
        Assert.Equal(2, events.Count(e => Text(e, "type") == ChatEventTypes.ToolCalled));
        Assert.Single(events, e => Text(e, "type") == ChatEventTypes.BranchStarted);
        Assert.Equal([taskId], thread["gathered"]!["taskIds"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, Number(thread, "toolCallCount"));
        Assert.Equal(2 * ScriptedChatReplier.PromptTokens, Number(thread, "promptTokens"));
        Assert.True(thread["degraded"]!.GetValue<bool>() is false);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(Text(e, "actor"))));
    }

    [Fact]
    public async Task A_state_that_fails_its_checksum_is_reported_and_rebuilt_from_the_events()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        await SendAsync(client, threadId, "Hello");
        var stored = await GetAsync(client, $"{Threads}/{threadId}");
        var table = app.Services.GetRequiredService<TableServiceClient>().GetTableClient(ChatThreadStore.TableName);
        var row = (await table.GetEntityAsync<TableEntity>(threadId, ChatStateRow.Key)).Value;
        row["StateJson"] = row.GetString("StateJson").Replace("\"messageCount\":2", "\"messageCount\":7", StringComparison.Ordinal);
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var read = await GetAsync(client, $"{Threads}/{threadId}");
        var health = await GetAsync(client, "/api/health");
        var repaired = (await table.GetEntityAsync<ChatStateRow>(threadId, ChatStateRow.Key)).Value;

        Assert.Equal(stored.ToJsonString(), read.ToJsonString());
        Assert.Equal(2, Number(read, "messageCount"));
        Assert.Equal(ChatSessionState.ChecksumOf(repaired.StateJson), repaired.Checksum);
        Assert.Equal(Text(read, "checksum"), repaired.Checksum);
        var sessions = health["chat"]!["sessions"]!;
        Assert.Equal("degraded", Text(sessions, "status"));
        Assert.True(int.Parse(Text(sessions, "corruptions_repaired")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains(app.App.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains(threadId, StringComparison.Ordinal));
        Assert.DoesNotContain(app.App.Logs.Entries, e => e.Message.Contains("Echo: Hello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_and_events_page_oldest_first_with_continuations()
    {
        var (client, threadId, _) = await app.ThreadAsync();
        for (var i = 1; i <= 3; i++)
        {
            await SendAsync(client, threadId, $"Message {i}");
        }

        var firstPage = await GetAsync(client, $"{Threads}/{threadId}/messages?limit=4");
        var messages = await AllAsync(client, $"{Threads}/{threadId}/messages", limit: 4);
        var events = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 5);
        using var otherList = await client.GetAsync($"{Threads}/{threadId}/events?continuation={Text(firstPage, "continuation")}");

        Assert.Equal(4, firstPage["items"]!.AsArray().Count);
        Assert.Equal(Enumerable.Range(1, 6).Select(ChatMessageRow.IdFor), messages.Select(m => Text(m, "id")));
        Assert.Equal(["user", "assistant", "user", "assistant", "user", "assistant"], messages.Select(m => Text(m, "role")));
        Assert.All(messages.Where(m => Text(m, "role") == "assistant"), m =>
        {
            Assert.Equal("local", Text(m, "source"));
            Assert.Equal(ScriptedChatReplier.PromptTokens, Number(m, "promptTokens"));
            Assert.Equal(2, Number(m, "completionTokens"));
        });
        Assert.Equal(1 + (3 * 3), events.Count);
        Assert.Equal(ChatEventTypes.ThreadCreated, Text(events[0], "type"));
        Assert.Equal([ChatEventTypes.MessageReceived, ChatEventTypes.ReplyStarted, ChatEventTypes.ReplyCompleted], events.Skip(1).Take(3).Select(e => Text(e, "type")));
        ProblemAssert.Is(otherList, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Threads_idle_more_than_a_day_are_closed_by_the_timer_and_can_be_reopened()
    {
        var (client, _, execution) = await app.OwnerAsync();
        var store = app.Services.GetRequiredService<ChatThreadStore>();
        var options = app.Services.GetRequiredService<ChatThreadOptions>();
        var dayAgo = new ManualTimeProvider(DateTimeOffset.UtcNow - options.IdleAfter - TimeSpan.FromMinutes(5));

        // Made through the thread service on a clock a day back: idle by now, while every other test's threads are fresh.
        var old = new ChatThreads(store, app.Services.GetRequiredService<ChatThreadAccess>(), app.Services.GetRequiredService<Engage.Functions.Workflows.Executions.ExecutionAccess>(), dayAgo);
        var caller = new Engage.Functions.Identity.Caller(client.User!, new HashSet<string>());
        await old.CreateAsync(caller, new ChatThreadDraft(execution.Id, SeededRecords.CurrentStep, null), null, CancellationToken.None);
        var threadId = ChatThreadAccess.ThreadIdFor(execution.PartitionKey, execution.Id, SeededRecords.CurrentStep);
        var fresh = Text(await CreateAsync(client, execution.Id, SeededRecords.NextStep), "id")!;
        var now = new ManualTimeProvider(DateTimeOffset.UtcNow);

        var closed = await new ChatIdleCloser(store, options, now, NullLogger<ChatIdleCloser>.Instance).CloseIdleAsync(CancellationToken.None);
        var read = await GetAsync(client, $"{Threads}/{threadId}");
        using var refused = await client.PostAsync($"{Threads}/{threadId}/messages", Message("Still there?"));
        using var reopened = await client.PostAsync($"{Threads}/{threadId}/reopen", null);
        using var reopenedAgain = await client.PostAsync($"{Threads}/{threadId}/reopen", new JsonObject());
        var answer = await SendAsync(client, threadId, "Still there?");
        var events = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 50);

        Assert.True(closed >= 1, $"closed {closed}");
        Assert.Equal(ChatStatus.Closed, Text(read, "status"));
        Assert.Equal(ChatStatus.Open, Text(await GetAsync(client, $"{Threads}/{fresh}"), "status"));
        ProblemAssert.Is(refused, HttpStatusCode.Conflict, detailContains: "reopen");
        Assert.Equal(Number(read, "version"), refused.Json["currentVersion"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, reopened.Status);
        Assert.Equal(ChatStatus.Open, Text(reopened.Json, "status"));
        ProblemAssert.Is(reopenedAgain, HttpStatusCode.Conflict);
        Assert.Equal(ChatStatus.Open, Text(answer["thread"], "status"));
        Assert.Equal(
            [ChatEventTypes.ThreadCreated, ChatEventTypes.ThreadClosed, ChatEventTypes.ThreadReopened],
            events.Select(e => Text(e, "type")!).Take(3));
    }

    private static ChatEvent ToEvent(JsonObject e) => new(
        Text(e, "type")!,
        e["at"]!.GetValue<DateTimeOffset>(),
        Text(e, "actor")!,
        Text(e, "reason")!,
        Text(e, "traceId"),
        e["data"]?.DeepClone().AsObject());
}
