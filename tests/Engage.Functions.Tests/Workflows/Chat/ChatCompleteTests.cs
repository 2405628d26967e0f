using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Chat.Threads;
using Engage.Functions.Workflows.Definitions;
using static Engage.Functions.Tests.Workflows.Chat.ChatAppFixture;

namespace Engage.Functions.Tests.Workflows.Chat;

/// <summary>Completing a thread completes its step through the execution's orchestration, and says where to go next.</summary>
public sealed class ChatCompleteTests(ChatAppFixture app) : IClassFixture<ChatAppFixture>
{
    [Fact]
    public async Task Completing_a_thread_completes_its_step_with_the_chat_totals_and_moves_on_to_the_next_step()
    {
        var user = TestCustomers.NewUser();
        var client = app.As(user);
        var customer = await app.Records.CustomerAsync(user);
        var execution = await WorkflowsAppFixture.StartAsync(client, customer.Id, SeedWorkflows.RenewalPreparation);
        var executionId = Text(execution, "id")!;
        var steps = execution["steps"]!.AsArray().Select(s => Text(s, "id")!).ToList();
        var threadId = Text(await CreateAsync(client, executionId, steps[0]), "id")!;
        var sent = await SendAsync(client, threadId, "Draft the renewal email");

        using var stale = await client.PostAsync($"{Threads}/{threadId}/complete", new JsonObject { ["version"] = 1 });
        using var completed = await client.PostAsync($"{Threads}/{threadId}/complete", new JsonObject { ["version"] = Number(sent["thread"], "version") });
        using var again = await client.PostAsync($"{Threads}/{threadId}/complete", null);
        using var refused = await client.PostAsync($"{Threads}/{threadId}/messages", Message("One more"));
        var read = await WorkflowsAppFixture.GetAsync(client, executionId);
        var events = await AllAsync(client, $"{Threads}/{threadId}/events", limit: 50);

        ProblemAssert.Is(stale, HttpStatusCode.Conflict);
        Assert.Equal(Number(sent["thread"], "version"), stale.Json["currentVersion"]!.GetValue<int>());
        Assert.True(completed.Status == HttpStatusCode.OK, completed.Body?.ToJsonString());
        var answer = completed.Json;
        Assert.Equal(ChatStatus.Completed, Text(answer["thread"], "status"));
        Assert.NotNull(Text(answer["thread"], "completedAt"));
        Assert.Equal("completed", WorkflowsAppFixture.StepStatus(answer["workflowExecution"]!.AsObject(), steps[0]));
        Assert.Equal("active", WorkflowsAppFixture.StepStatus(read, steps[1]));
        Assert.Equal(steps[1], Text(read, "currentStep"));
        Assert.Equal(new JsonObject { ["kind"] = "step", ["workflowExecutionId"] = executionId, ["stepId"] = steps[1] }.ToJsonString(), answer["next"]!.ToJsonString());
        var chat = read["steps"]!.AsArray().Single(s => Text(s, "id") == steps[0])!["chat"]!;
        Assert.Equal(threadId, Text(chat, "threadId"));
        Assert.Equal(2, Number(chat, "messageCount"));
        Assert.Equal(ScriptedChatReplier.PromptTokens, Number(chat, "promptTokens"));
        Assert.Equal(2, Number(chat, "completionTokens"));
        Assert.True(chat["durationSeconds"]!.GetValue<double>() >= 0);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(answer["thread"]!.ToJsonString(), again.Json["thread"]!.ToJsonString());
        ProblemAssert.Is(refused, HttpStatusCode.Conflict, detailContains: "completed");
        Assert.Single(events, e => Text(e, "type") == ChatEventTypes.ThreadCompleted);
    }

    [Fact]
    public async Task Completing_the_last_step_lands_on_the_next_execution_in_the_callers_queue()
    {
        var user = TestCustomers.NewUser();
        var client = app.As(user);
        var oneStep = await TestWorkflows.CreateAsync(app.Admin, ("only", null));
        var customer = await app.Records.CustomerAsync(user);
        var other = await app.Records.CustomerAsync(user);
        var waiting = Text(await WorkflowsAppFixture.StartAsync(client, other.Id), "id")!;
        var executionId = Text(await WorkflowsAppFixture.StartAsync(client, customer.Id, oneStep), "id")!;
        var threadId = Text(await CreateAsync(client, executionId, "only"), "id")!;

        using var completed = await client.PostAsync($"{Threads}/{threadId}/complete", null);

        Assert.True(completed.Status == HttpStatusCode.OK, completed.Body?.ToJsonString());
        Assert.Equal("completed", Text(completed.Json["workflowExecution"], "status"));
        Assert.Equal(
            new JsonObject { ["kind"] = "execution", ["workflowExecutionId"] = waiting, ["customerId"] = other.Id }.ToJsonString(),
            completed.Json["next"]!.ToJsonString());
    }
}
