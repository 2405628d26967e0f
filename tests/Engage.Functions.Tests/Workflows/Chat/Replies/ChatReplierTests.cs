using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Tests.Engagement;
using Engage.Functions.Tests.Llm;
using Engage.Functions.Tests.Workflows.Customers;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Tasks;

namespace Engage.Functions.Tests.Workflows.Chat.Replies;

/// <summary>The replier on the real app and storage, talking to a loopback fake of the OpenAI chat completions API.</summary>
public sealed class ChatReplierTests(LlmChatApp app) : IClassFixture<LlmChatApp>
{
    [Fact]
    public async Task The_system_prompt_holds_the_customer_context_the_engagement_summary_with_its_meetings_the_step_goal_and_the_open_work()
    {
        var (customer, execution, access) = await app.SeedAsync();
        app.Meetings.Serve(customer.Domain, SampleMeetings.For(customer.Domain, 2, DateTimeOffset.UtcNow));
        var engagement = new EngagementClient(app.App.CreateClient());
        var (_, started) = await engagement.StartAsync($"{{\"domain\":\"{customer.Domain}\"}}");
        Assert.Equal("complete", (string?)(await engagement.WaitAsync(customer.Domain, (string)started!["run_id"]!, TimeSpan.FromSeconds(60)))["status"]);
        var owner = app.Admin.As(access.Caller.UserId);
        using var task = await owner.PostAsync("/api/workflows/tasks", new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = SeededRecords.CurrentStep, ["title"] = "Call the champion about seats" });
        using var artifact = await owner.PostAsync("/api/workflows/artifacts", new JsonObject { ["workflowExecutionId"] = execution.Id, ["type"] = ArtifactTypes.Note, ["title"] = "Pricing notes from finance", ["content"] = "Seats at list price." });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (task.Status, artifact.Status));
        var stream = new RecordingReplyStream();

        var reply = await app.Replier.ReplyAsync(app.Turn(customer, execution, access, "What should I focus on?"), stream, CancellationToken.None);

        Assert.Equal((ChatReplySources.Llm, FakeOpenAiServer.Model, "Hello from the fake model."), (reply.Source, reply.Model, reply.Content));
        Assert.Equal(FakeOpenAiServer.Usage, (reply.PromptTokens, reply.CompletionTokens));
        Assert.Equal(["Hello", " from", " the", " fake", " model."], stream.Events.Select(e => e.Text));
        var request = app.Llm.StreamRequests.Last(r => FakeOpenAiServer.MessageText(r, "system").Contains(customer.Id, StringComparison.Ordinal));
        Assert.Equal([ChatTools.CreateTask, ChatTools.DraftEmail, ChatTools.ExecuteSavedAction, ChatTools.ReadContext], request["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]));
        Assert.Equal("What should I focus on?", FakeOpenAiServer.MessageText(request, "user"));
        var system = FakeOpenAiServer.MessageText(request, "system");
        var stored = (await app.Records.FindAsync<Customer>(customer.Id, customer.RowKey))!;
        foreach (var fact in new[]
        {
            customer.Name, $"account plan {stored.AccountPlan}", $"renewal stage {stored.RenewalStage}", $"renewal date {CustomersApp.InDays(45)} (45 days away)", "trend up",
            execution.Id, $"goal: {ChatRepliesApp.StepGoal}", "\"Prepare the renewal\"",
            "from 2 meetings", "1001", "1002", "Move all three regional warehouses onto the inventory platform by Q3.",
            "Finance froze new spend until the October renewal is signed.", $"Dana Buyer <dana@{customer.Domain}>",
            "Call the champion about seats", "note \"Pricing notes from finance\"",
        })
        {
            Assert.True(system.Contains(fact, StringComparison.Ordinal), $"The system prompt lacks \"{fact}\":\n{system}");
        }
    }

    [Fact]
    public async Task Tool_calls_create_a_task_and_an_email_draft_through_the_command_path_and_a_repeated_turn_creates_nothing_new()
    {
        var (customer, execution, access) = await app.SeedAsync();
        var turn = app.Turn(customer, execution, access, "Create a task to call Dana and draft an email to her");
        FakeReply[] script =
        [
            FakeReply.Calls(
                new FakeToolCall("call_task", ChatTools.CreateTask, new JsonObject { ["title"] = "Call Dana about the renewal", ["priority"] = "high" }),
                new FakeToolCall("call_email", ChatTools.DraftEmail, new JsonObject { ["subject"] = "Renewal check-in", ["body"] = "Hi Dana,\nCan we meet this week?\nBest" })),
            FakeReply.Stream("Done: a task ", "and a draft."),
        ];
        app.Llm.EnqueueStream(script);
        var requestsBefore = app.Llm.StreamRequests.Count;

        var first = await app.Replier.ReplyAsync(turn, new RecordingReplyStream(), CancellationToken.None);
        app.Llm.EnqueueStream(script);
        var again = await app.Replier.ReplyAsync(turn, new RecordingReplyStream(), CancellationToken.None);

        Assert.Equal((ChatReplySources.Llm, "Done: a task and a draft."), (first.Source, first.Content));
        Assert.Equal([ChatTools.CreateTask, ChatTools.DraftEmail], first.ToolCalls.Select(c => c.Name));
        Assert.All(first.ToolCalls, c => Assert.True(c.Succeeded, c.Result?.ToJsonString()));
        Assert.Equal((FakeOpenAiServer.Usage.Prompt * 2, FakeOpenAiServer.Usage.Completion * 2), (first.PromptTokens, first.CompletionTokens));
        var (taskId, artifactId) = (first.ToolCalls[0].RecordId!, first.ToolCalls[1].RecordId!);
        Assert.StartsWith("tk_", taskId, StringComparison.Ordinal);
        Assert.StartsWith("ar_", artifactId, StringComparison.Ordinal);
        Assert.Equal("Call Dana about the renewal", (string?)first.ToolCalls[0].Arguments["title"]);

        // The model's second call sees both results, as tool messages answering its calls.
        var followUp = app.Llm.StreamRequests[requestsBefore + 1];
        var toolMessages = followUp["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool").ToList();
        Assert.Equal(["call_task", "call_email"], toolMessages.Select(m => (string?)m!["tool_call_id"]));
        Assert.Contains(taskId, (string?)toolMessages[0]!["content"], StringComparison.Ordinal);

        // Through the routes, as the CSM sees them: one task, one email draft, each with its one creation event.
        var owner = app.Admin.As(access.Caller.UserId);
        using var artifacts = await owner.GetAsync($"/api/workflows/artifacts?workflowExecutionId={execution.Id}");
        using var tasks = await owner.GetAsync($"/api/workflows/tasks?customerId={customer.Id}");
        var draft = Assert.Single(artifacts.Json["items"]!.AsArray())!;
        Assert.Equal((artifactId, ArtifactTypes.EmailDraft, "Renewal check-in"), ((string?)draft["id"], (string?)draft["type"], (string?)draft["title"]));
        Assert.Equal("Hi Dana,\nCan we meet this week?\nBest", (string?)draft["content"]!["body"]);
        var created = Assert.Single(tasks.Json["items"]!.AsArray())!;
        Assert.Equal((taskId, TaskPriorities.High, SeededRecords.CurrentStep), ((string?)created["id"], (string?)created["priority"], (string?)created["stepId"]));
        Assert.Single(await app.Records.EventsAsync(customer.Id, taskId), e => e.Type == "task_created");
        Assert.Single(await app.Records.EventsAsync(customer.Id, artifactId), e => e.Type == "artifact_created");

        // The retried turn (same thread, same user message) replays each call's first answer.
        Assert.Equal([taskId, artifactId], again.ToolCalls.Select(c => c.RecordId));
        Assert.All(again.ToolCalls, c => Assert.True(c.Succeeded));
        using var artifactsAfter = await owner.GetAsync($"/api/workflows/artifacts?workflowExecutionId={execution.Id}");
        using var tasksAfter = await owner.GetAsync($"/api/workflows/tasks?customerId={customer.Id}");
        Assert.Single(artifactsAfter.Json["items"]!.AsArray());
        Assert.Single(tasksAfter.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task A_saved_action_runs_through_the_action_path_on_a_started_execution_and_other_actions_are_refused()
    {
        var owner = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(owner);
        var started = await WorkflowsAppFixture.StartAsync(app.Admin.As(owner), customer.Id);
        var execution = (await app.Records.FindAsync<WorkflowExecution>(customer.Id, WorkflowExecution.RowKeyFor((string)started["id"]!)))!;
        var until = DateTimeOffset.UtcNow.AddDays(2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        app.Llm.EnqueueStream(
            FakeReply.Calls(
                new FakeToolCall("call_skip", ChatTools.ExecuteSavedAction, new JsonObject { ["actionId"] = "skip", ["params"] = new JsonObject() }),
                new FakeToolCall("call_snooze", ChatTools.ExecuteSavedAction, new JsonObject { ["actionId"] = "snooze", ["params"] = new JsonObject { ["until"] = until } })),
            FakeReply.Stream("Snoozed."));

        var reply = await app.Replier.ReplyAsync(app.Turn(customer, execution, app.Access(owner), "Snooze it for two days"), new RecordingReplyStream(), CancellationToken.None);

        Assert.Equal([false, true], reply.ToolCalls.Select(c => c.Succeeded));
        Assert.Equal(422, (int?)reply.ToolCalls[0].Result!["status"]);
        Assert.StartsWith("ac_", reply.ToolCalls[1].RecordId, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Snoozed, (string?)reply.ToolCalls[1].Result!["workflowExecution"]!["status"]);
        Assert.Equal(ExecutionStatus.Snoozed, (string?)(await WorkflowsAppFixture.GetAsync(app.Admin.As(owner), execution.Id))["status"]);
    }

    [Fact]
    public async Task A_refused_tool_call_is_a_failed_call_with_the_problem_given_back_to_the_model()
    {
        var (customer, execution, access) = await app.SeedAsync();
        app.Llm.EnqueueStream(
            FakeReply.Calls(new FakeToolCall("call_bad", ChatTools.CreateTask, new JsonObject { ["title"] = "", ["priority"] = "whenever" })),
            FakeReply.Stream("That did not work."));

        var reply = await app.Replier.ReplyAsync(app.Turn(customer, execution, access, "Make a task"), new RecordingReplyStream(), CancellationToken.None);

        var call = Assert.Single(reply.ToolCalls);
        Assert.False(call.Succeeded);
        Assert.Null(call.RecordId);
        Assert.Equal(400, (int?)call.Result!["status"]);
        Assert.NotNull(call.Result["errors"]!["priority"]);
        Assert.Equal((ChatReplySources.Llm, "That did not work."), (reply.Source, reply.Content));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "429", "llm call failed: 429" },
        { "500", "llm call failed: 500" },
        { "stall", $"llm stream stalled: no chunk within {LlmChatApp.StreamIdleSeconds} s" },
        { "slow", $"llm call failed: no first token within {LlmChatApp.FirstTokenSeconds} s" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_llm_failure_makes_the_fallback_reply_with_the_reason_after_a_reset_and_runs_no_tool_on_a_guess(string failure, string reason)
    {
        var (customer, execution, access) = await app.SeedAsync();
        await ReplyAsync(customer, execution, access, "Hello");
        app.Llm.EnqueueStream(failure switch
        {
            "429" => FakeReply.Failure(429, ("Retry-After", "20")),
            "500" => FakeReply.Failure(500),
            "slow" => FakeReply.Stream("Too late.") with { Delay = TimeSpan.FromSeconds(LlmChatApp.FirstTokenSeconds + 2) },
            _ => FakeReply.Stream("Sure, ", "drafting ", "it ", "now.") with { StallAfter = 3 },
        });
        var requestsBefore = app.Llm.StreamRequests.Count;
        var stream = new RecordingReplyStream();

        var reply = await app.Replier.ReplyAsync(app.Turn(customer, execution, access, "Please draft an email to the champion"), stream, CancellationToken.None);

        Assert.Equal(ChatReplySources.Fallback, reply.Source);
        Assert.StartsWith(reason, reply.FallbackReason, StringComparison.Ordinal);
        Assert.StartsWith($"The assistant is running in degraded mode: the language model is unavailable ({reply.FallbackReason}). From your message I can: 1. draft an email", reply.Content, StringComparison.Ordinal);
        Assert.Contains(execution.Id, reply.Content, StringComparison.Ordinal);
        Assert.Empty(reply.ToolCalls);
        Assert.Equal(requestsBefore + 1, app.Llm.StreamRequests.Count);
        Assert.Equal(reply.Content, stream.Shown);
        Assert.Equal(
            failure == "stall" ? ["delta", "delta", "reset", "delta"] : ["delta"],
            stream.Events.Select(e => e.Kind));
        if (failure == "stall")
        {
            Assert.Equal(("Sure, drafting ", reply.FallbackReason), (stream.Events[0].Text + stream.Events[1].Text, stream.Events[2].Text));
        }

        using var artifacts = await app.Admin.GetAsync($"/api/workflows/artifacts?workflowExecutionId={execution.Id}");
        Assert.Empty(artifacts.Json["items"]!.AsArray());

        // A success resets the count, so that the other tests start from a closed circuit without failures.
        Assert.Equal(ChatReplySources.Llm, (await ReplyAsync(customer, execution, access, "Hello again")).Source);
    }

    [Fact]
    public async Task The_breaker_opens_after_5_consecutive_failures_shows_on_health_and_a_half_open_probe_closes_it()
    {
        var (customer, execution, access) = await app.SeedAsync();
        Assert.Equal(ChatReplySources.Llm, (await ReplyAsync(customer, execution, access, "Hello")).Source);
        app.Llm.EnqueueStream([.. Enumerable.Repeat(FakeReply.Failure(500), 5)]);

        var failed = new List<ChatReply>();
        for (var i = 0; i < 5; i++)
        {
            failed.Add(await ReplyAsync(customer, execution, access, $"Attempt {i}"));
        }

        var requests = app.Llm.StreamRequests.Count;
        var whileOpen = await ReplyAsync(customer, execution, access, "Anyone there?");
        var (openHealth, openStatus) = await HealthAsync();

        Assert.All(failed, r => Assert.Equal(("fallback", "llm call failed: 500 Internal Server Error"), (r.Source, r.FallbackReason)));
        Assert.Equal(("fallback", "llm circuit open after 5 consecutive failures"), (whileOpen.Source, whileOpen.FallbackReason));
        Assert.Equal(requests, app.Llm.StreamRequests.Count);
        Assert.Equal(HttpStatusCode.OK, openStatus);
        Assert.Equal(("degraded", "degraded", "open", FakeOpenAiServer.Model), (
            (string?)openHealth["status"], (string?)openHealth["chat"]!["llm"]!["status"], (string?)openHealth["chat"]!["llm"]!["circuit"], (string?)openHealth["chat"]!["llm"]!["generator"]));

        // After the 1 s break, the next turn is the half-open probe; its success closes the circuit.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var probe = await ReplyAsync(customer, execution, access, "Back?");
        var (closedHealth, _) = await HealthAsync();

        Assert.Equal((ChatReplySources.Llm, "Hello from the fake model."), (probe.Source, probe.Content));
        Assert.Equal(requests + 1, app.Llm.StreamRequests.Count);
        Assert.Equal(("ok", "closed"), ((string?)closedHealth["chat"]!["llm"]!["status"], (string?)closedHealth["chat"]!["llm"]!["circuit"]));
    }

    private Task<ChatReply> ReplyAsync(Customer customer, WorkflowExecution execution, Engage.Functions.Workflows.RecordAccess access, string message) =>
        app.Replier.ReplyAsync(app.Turn(customer, execution, access, message), new RecordingReplyStream(), CancellationToken.None);

    private async Task<(JsonObject Json, HttpStatusCode Status)> HealthAsync()
    {
        using var health = await app.Admin.GetAsync("/api/health");
        return (health.Json, health.Status);
    }
}
