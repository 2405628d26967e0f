using Engage.Functions.Workflows.Executions;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using static Engage.Functions.Tests.Workflows.WorkflowsAppFixture;

namespace Engage.Functions.Tests.Workflows.Executions;

/// <summary>The orchestration under load: commands that come together, and the history it keeps.</summary>
public sealed class ExecutionOrchestrationTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task Commands_raised_together_are_all_applied_in_the_order_they_came()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;
        var soon = DateTimeOffset.UtcNow.AddHours(1);
        ExecutionCommand[] burst =
        [
            Command(ExecutionCommandKind.CompleteStep, stepId: "review-account"),
            Command(ExecutionCommandKind.ScheduleFollowUp, until: soon),
            Command(ExecutionCommandKind.Escalate),
            Command(ExecutionCommandKind.CompleteStep, stepId: "plan-renewal"),
            Command(ExecutionCommandKind.Snooze, until: soon),
        ];

        foreach (var command in burst)
        {
            await app.Durable.RaiseEventAsync(id, ExecutionCommands.EventName, command);
        }

        var done = await WaitForAsync(app.Admin, id, e => e["version"]!.GetValue<int>() == 6, "all applied");
        using var events = await app.Admin.GetAsync($"/api/workflows/executions/{id}/events");

        Assert.Equal(
            ["execution_started", "step_completed", "follow_up_scheduled", "execution_escalated", "step_completed", "execution_snoozed"],
            events.Json["items"]!.AsArray().Select(e => Text(e, "type")));
        Assert.Equal("send-outreach", Text(done, "currentStep"));
        Assert.Equal("snoozed", Text(done, "status"));
        Assert.Null(done["escalatedAt"]);
    }

    [Fact]
    public async Task An_event_that_carries_no_command_is_dropped_and_the_execution_goes_on()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;

        await app.Durable.RaiseEventAsync(id, ExecutionCommands.EventName, new { colour = "red" });
        await app.Durable.RaiseEventAsync(id, ExecutionCommands.EventName, null);
        using var escalated = await app.Admin.PostAsync($"/api/workflows/executions/{id}/escalate", null);

        Assert.Equal(System.Net.HttpStatusCode.OK, escalated.Status);
        Assert.Equal(2, escalated.Json["version"]!.GetValue<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.Durable.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task An_executions_history_stays_small_however_many_commands_it_takes()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;
        var snoozes = 0;
        for (; snoozes < 15; snoozes++)
        {
            using var snoozed = await app.Admin.PostAsync($"/api/workflows/executions/{id}/snooze", new System.Text.Json.Nodes.JsonObject { ["until"] = DateTimeOffset.UtcNow.AddDays(1 + snoozes).ToString("O") });
            Assert.Equal(System.Net.HttpStatusCode.OK, snoozed.Status);
        }

        // The read model shows the last change a moment before the orchestration continues as new with it.
        var instance = await Eventually.GetAsync(
            () => app.Durable.GetInstanceAsync(id, getInputsAndOutputs: true),
            i => i?.ReadInputAs<ExecutionState>()?.Version == 16,
            what: "continued as new with the last change");
        var history = await app.Durable.GetOrchestrationHistoryAsync(id);

        Assert.Equal(16, (await GetAsync(app.Admin, id))["version"]!.GetValue<int>());
        Assert.True(history.Count < 20, $"{history.Count} history events after {snoozes} commands");
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
    }

    private static ExecutionCommand Command(string kind, string? stepId = null, DateTimeOffset? until = null) =>
        new(kind, Guid.NewGuid().ToString(), "burst@example.com", "Sent in a burst.", stepId, until);
}
