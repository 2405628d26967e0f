using System.Net;
using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Workflows.Actions;

/// <summary>
/// The effects that need an execution's orchestration: snooze, skip, escalate and schedule, and a task completing its
/// step. They start executions with <c>POST /api/workflows/executions</c>, the executions area's route, so they pass
/// once that area is in the app.
/// </summary>
public sealed class ActionEffectTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    private const string Execute = "/api/workflows/actions/execute";
    private const string Executions = "/api/workflows/executions";
    private const string Workflow = "renewal-preparation";

    [Fact]
    public async Task A_snoozed_execution_is_snoozed_in_the_answer_and_comes_back_by_itself_when_its_time_comes()
    {
        var (csm, execution) = await StartAsync();
        var until = DateTimeOffset.UtcNow.AddSeconds(3);

        using var snoozed = await app.As(csm).PostAsync(Execute, Action("snooze", execution, new JsonObject { ["until"] = until.ToString("O") }));

        Assert.True(snoozed.Status == HttpStatusCode.OK, snoozed.Body?.ToJsonString());
        Assert.True(snoozed.Json["actionRun"]!["result"]!["applied"]!.GetValue<bool>());
        Assert.Equal("snoozed", Text(snoozed.Json["workflowExecution"], "status"));
        Assert.Equal(until.ToUniversalTime(), snoozed.Json["workflowExecution"]!["snoozedUntil"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        var back = await Eventually(app.As(csm), Id(execution), e => Text(e, "status") == "active", "back from its snooze");
        Assert.Null(back["snoozedUntil"]);
    }

    [Fact]
    public async Task Skipping_the_current_step_marks_it_skipped_and_moves_the_execution_on()
    {
        var (csm, execution) = await StartAsync();
        var current = Text(execution, "currentStep")!;

        using var skipped = await app.As(csm).PostAsync(Execute, Action("skip", execution, new JsonObject { ["reason"] = "Done on the phone." }));

        Assert.True(skipped.Status == HttpStatusCode.OK, skipped.Body?.ToJsonString());
        var after = skipped.Json["workflowExecution"]!.AsObject();
        Assert.Equal("skipped", StepStatus(after, current));
        Assert.NotEqual(current, Text(after, "currentStep"));
    }

    [Fact]
    public async Task Escalating_marks_the_execution_escalated_with_the_reason()
    {
        var (csm, execution) = await StartAsync();

        using var escalated = await app.As(csm).PostAsync(Execute, Action("escalate", execution, new JsonObject { ["reason"] = "The sponsor left." }));

        Assert.True(escalated.Status == HttpStatusCode.OK, escalated.Body?.ToJsonString());
        Assert.NotNull(escalated.Json["workflowExecution"]!["escalatedAt"]);
        Assert.Equal("The sponsor left.", Text(escalated.Json["workflowExecution"], "escalationReason"));
    }

    [Fact]
    public async Task Scheduling_a_follow_up_adds_it_to_the_execution()
    {
        var (csm, execution) = await StartAsync();
        var at = DateTimeOffset.UtcNow.AddDays(2);

        using var scheduled = await app.As(csm).PostAsync(Execute, Action("schedule", execution, new JsonObject { ["at"] = at.ToString("O"), ["note"] = "Ask about the budget." }));

        Assert.True(scheduled.Status == HttpStatusCode.OK, scheduled.Body?.ToJsonString());
        var followUp = Assert.Single(scheduled.Json["workflowExecution"]!["followUps"]!.AsArray());
        Assert.Equal(at.ToUniversalTime(), followUp!["at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("Ask about the budget.", Text(followUp, "note"));
    }

    [Fact]
    public async Task Completing_a_task_of_a_step_that_completes_with_it_completes_the_step()
    {
        var (csm, execution) = await StartAsync();
        var steps = execution["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var withTask = steps.First(s => s["completesWithTask"]!.GetValue<bool>());
        foreach (var before in steps.TakeWhile(s => s != withTask))
        {
            using var skipped = await app.As(csm).PostAsync(Execute, Action("skip", execution, new JsonObject { ["stepId"] = Id(before) }));
            Assert.True(skipped.Json["actionRun"]?["result"]?["applied"]?.GetValue<bool>() == true, skipped.Body?.ToJsonString());
        }

        using var task = await app.As(csm).PostAsync("/api/workflows/tasks", new JsonObject { ["workflowExecutionId"] = Id(execution), ["stepId"] = Id(withTask), ["title"] = "Send the outreach" });
        Assert.Equal("active", StepStatus(await GetAsync(app.As(csm), Id(execution)), Id(withTask)));
        using var completed = await app.As(csm).PatchAsync($"/api/workflows/tasks/{Id(task.Json)}", new JsonObject { ["action"] = "complete" });

        Assert.Equal(HttpStatusCode.OK, completed.Status);
        await Eventually(app.As(csm), Id(execution), e => StepStatus(e, Id(withTask)) == "completed", $"step {Id(withTask)} completed");
    }

    private async Task<(string Csm, JsonObject Execution)> StartAsync()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        using var started = await app.As(csm).PostAsync(Executions, new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = Workflow });
        Assert.True(started.Status == HttpStatusCode.Created, $"{(int)started.Status}: {started.Body?.ToJsonString()}");
        return (csm, started.Json);
    }

    private static async Task<JsonObject> GetAsync(WorkflowsClient client, string executionId)
    {
        using var read = await client.GetAsync($"{Executions}/{executionId}");
        Assert.True(read.Status == HttpStatusCode.OK, $"{(int)read.Status}: {read.Body?.ToJsonString()}");
        return read.Json;
    }

    /// <summary>The execution once <paramref name="done"/> holds, which its orchestration makes so within seconds.</summary>
    private static async Task<JsonObject> Eventually(WorkflowsClient client, string executionId, Func<JsonObject, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var execution = await GetAsync(client, executionId);
            if (done(execution))
            {
                return execution;
            }

            Assert.True(DateTime.UtcNow < deadline, $"execution {executionId} not {what} after 30 s: {execution.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static JsonObject Action(string actionId, JsonObject execution, JsonObject parameters) => new()
    {
        ["actionId"] = actionId,
        ["workflowExecutionId"] = Id(execution),
        ["params"] = parameters,
    };

    private static string? StepStatus(JsonObject execution, string stepId) =>
        Text(execution["steps"]!.AsArray().Single(s => Text(s, "id") == stepId), "status");

    private static string Id(JsonObject record) => Text(record, "id")!;

    private static string? Text(JsonNode? record, string name) => record?[name]?.GetValue<string>();
}
