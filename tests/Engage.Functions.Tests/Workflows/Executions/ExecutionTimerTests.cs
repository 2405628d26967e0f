using System.Net;
using System.Text.Json.Nodes;
using Engage.Testing;
using static Engage.Functions.Tests.Workflows.WorkflowsAppFixture;

namespace Engage.Functions.Tests.Workflows.Executions;

/// <summary>What durable timers do by themselves, with timers of a few seconds.</summary>
public sealed class ExecutionTimerTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task A_snoozed_execution_leaves_the_queue_and_comes_back_by_itself()
    {
        var owner = TestCustomers.NewUser();
        var customer = await TestCustomers.CreateAsync(app.App, owner);
        var csm = app.As(owner);
        var id = Text(await StartAsync(csm, customer.Id), "id")!;
        var until = DateTimeOffset.UtcNow.AddSeconds(4);

        using var snoozed = await csm.PostAsync($"/api/workflows/executions/{id}/snooze", new JsonObject { ["until"] = until.ToString("O") });
        var whileSnoozed = await QueueAsync(csm);
        var woke = await WaitForAsync(csm, id, e => Text(e, "status") == "active", "awake");
        var afterwards = await Eventually.GetAsync(() => QueueAsync(csm), q => q.Any(e => Text(e, "id") == id), what: "back in the queue");
        using var events = await csm.GetAsync($"/api/workflows/executions/{id}/events");

        Assert.Equal(HttpStatusCode.OK, snoozed.Status);
        Assert.Equal("snoozed", Text(snoozed.Json, "status"));
        Assert.Equal(until, snoozed.Json["snoozedUntil"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain(whileSnoozed, q => Text(q, "id") == id);
        Assert.True(DateTimeOffset.UtcNow >= until);
        Assert.Null(woke["snoozedUntil"]);
        Assert.Equal("review-account", Text(afterwards.Single(q => Text(q, "id") == id), "currentStep"));
        var wake = events.Json["items"]!.AsArray().Last()!;
        Assert.Equal("execution_woke", Text(wake, "type"));
        Assert.Equal("system", Text(wake, "actor"));
    }

    [Fact]
    public async Task A_step_idle_past_its_sla_escalates_by_itself_and_rises_in_the_queue()
    {
        var owner = TestCustomers.NewUser();
        var customer = await TestCustomers.CreateAsync(app.App, owner, daysUntilRenewal: 300, arr: 20_000, health: 90);
        var workflowId = await TestWorkflows.CreateAsync(app.Admin, ("first", "PT2S"), ("second", null));
        var csm = app.As(owner);
        var id = Text(await StartAsync(csm, customer.Id, workflowId), "id")!;
        var before = Assert.Single(await QueueAsync(csm), q => Text(q, "id") == id);

        var escalated = await WaitForAsync(csm, id, e => e["escalatedAt"] is not null, "escalated");
        var after = await Eventually.GetAsync(() => QueueAsync(csm), q => q.Any(e => Text(e, "id") == id && e["escalated"]!.GetValue<bool>()), what: "escalated in the queue");

        Assert.Equal("active", Text(escalated, "status"));
        Assert.Contains("PT2S", Text(escalated, "escalationReason"), StringComparison.Ordinal);
        Assert.NotNull(escalated["steps"]![0]!["escalatedAt"]);
        Assert.True(escalated["escalatedAt"]!.GetValue<DateTimeOffset>() >= escalated["steps"]![0]!["dueAt"]!.GetValue<DateTimeOffset>());
        var entry = after.Single(e => Text(e, "id") == id);
        Assert.Equal(before["priorityScore"]!.GetValue<double>() + 10, entry["priorityScore"]!.GetValue<double>(), 1);
        Assert.Equal(entry["priorityScore"]!.GetValue<double>(), escalated["priorityScore"]!.GetValue<double>());
    }

    [Fact]
    public async Task Completing_an_escalated_step_ends_its_escalation_and_the_next_steps_sla_runs_from_then()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var workflowId = await TestWorkflows.CreateAsync(app.Admin, ("first", "PT1S"), ("second", "PT1H"));
        var id = Text(await StartAsync(app.Admin, customer.Id, workflowId), "id")!;
        await WaitForAsync(app.Admin, id, e => e["escalatedAt"] is not null, "escalated");

        using var done = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/first/complete", null);

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Null(done.Json["escalatedAt"]);
        var second = done.Json["steps"]![1]!;
        Assert.Equal(
            second["startedAt"]!.GetValue<DateTimeOffset>() + TimeSpan.FromHours(1),
            second["dueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_follow_up_falls_due_by_itself_waking_and_escalating_a_snoozed_execution()
    {
        var owner = TestCustomers.NewUser();
        var customer = await TestCustomers.CreateAsync(app.App, owner);
        var csm = app.As(owner);
        var id = Text(await StartAsync(csm, customer.Id), "id")!;
        using var snoozed = await csm.PostAsync($"/api/workflows/executions/{id}/snooze", new JsonObject { ["until"] = DateTimeOffset.UtcNow.AddDays(3).ToString("O") });

        using var scheduled = await csm.PostAsync($"/api/workflows/executions/{id}/follow-ups", new JsonObject { ["at"] = DateTimeOffset.UtcNow.AddSeconds(3).ToString("O"), ["note"] = "Ask about the budget." });
        var due = await WaitForAsync(csm, id, e => Text(e["followUps"]![0], "status") == "due", "due");

        Assert.Equal(HttpStatusCode.OK, scheduled.Status);
        Assert.Equal("scheduled", Text(scheduled.Json["followUps"]![0], "status"));
        Assert.Equal("snoozed", Text(scheduled.Json, "status"));
        Assert.Equal("active", Text(due, "status"));
        Assert.Null(due["snoozedUntil"]);
        Assert.Equal("Follow-up due: Ask about the budget.", Text(due, "escalationReason"));
        var entry = await Eventually.GetAsync(() => QueueAsync(csm), q => q.Any(e => Text(e, "id") == id), what: "back in the queue");
        Assert.True(entry.Single(e => Text(e, "id") == id)["escalated"]!.GetValue<bool>());
    }
}
