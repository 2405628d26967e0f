using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Engage.Functions.Tests.Workflows.WorkflowsAppFixture;

namespace Engage.Functions.Tests.Workflows.Executions;

public sealed class ExecutionLifecycleTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task A_started_execution_moves_step_by_step_to_completion_and_leaves_the_queue()
    {
        var owner = TestCustomers.NewUser();
        var customer = await TestCustomers.CreateAsync(app.App, owner);
        var csm = app.As(owner);

        using var started = await csm.PostAsync("/api/workflows/executions", new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = SeedWorkflows.RenewalPreparation });
        var id = Text(started.Json, "id")!;
        using var read = await csm.GetAsync($"/api/workflows/executions/{id}");
        var queued = await QueueAsync(csm);
        using var firstStep = await csm.PostAsync($"/api/workflows/executions/{id}/steps/review-account/complete", new JsonObject { ["note"] = "Health is fine." }, ifMatch: read.ETag);
        using var secondStep = await csm.PostAsync($"/api/workflows/executions/{id}/steps/plan-renewal/complete", null, ifMatch: firstStep.ETag);
        using var completed = await csm.PostAsync($"/api/workflows/executions/{id}/complete", new JsonObject { ["reason"] = "Renewed early." });
        using var again = await csm.PostAsync($"/api/workflows/executions/{id}/complete", null);

        Assert.Equal(HttpStatusCode.Created, started.Status);
        Assert.Equal($"/api/workflows/executions/{id}", started.Message.Headers.Location!.ToString());
        Assert.Equal("\"1\"", started.ETag);
        Assert.StartsWith($"ex_{customer.Id[3..]}_", id, StringComparison.Ordinal);
        Assert.Equal("active", Text(started.Json, "status"));
        Assert.Equal(owner, Text(started.Json, "owner"));
        Assert.Equal(1, started.Json["workflowVersion"]!.GetValue<int>());
        Assert.Equal("review-account", Text(started.Json, "currentStep"));
        Assert.Equal(["active", "pending", "pending", "pending"], started.Json["steps"]!.AsArray().Select(s => Text(s, "status")));
        Assert.Equal(["review", "chat", "task", "action"], started.Json["steps"]!.AsArray().Select(s => Text(s, "type")));
        Assert.Equal("P3D", Text(started.Json["steps"]![0], "sla"));
        Assert.True(started.Json["priorityScore"]!.GetValue<double>() > 0);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("\"1\"", read.ETag);
        Assert.Equal(started.Json.ToJsonString(), read.Json.ToJsonString());
        var entry = Assert.Single(queued, q => Text(q, "id") == id);
        Assert.Equal("review-account", Text(entry, "currentStep"));
        Assert.Equal(customer.Id, Text(entry, "customerId"));
        Assert.Equal(SeedWorkflows.RenewalPreparation, Text(entry, "workflowId"));
        Assert.Equal(started.Json["priorityScore"]!.GetValue<double>(), entry["priorityScore"]!.GetValue<double>());

        Assert.Equal(HttpStatusCode.OK, firstStep.Status);
        Assert.Equal("\"2\"", firstStep.ETag);
        Assert.Equal("plan-renewal", Text(firstStep.Json, "currentStep"));
        var reviewed = firstStep.Json["steps"]![0]!;
        Assert.Equal(("completed", "active"), (Text(reviewed, "status"), StepStatus(firstStep.Json, "plan-renewal")));
        Assert.Equal(owner, Text(reviewed, "endedBy"));
        Assert.Equal("Health is fine.", Text(reviewed, "note"));
        Assert.Equal("send-outreach", Text(secondStep.Json, "currentStep"));

        Assert.Equal(HttpStatusCode.OK, completed.Status);
        Assert.Equal("completed", Text(completed.Json, "status"));
        Assert.Null(completed.Json["currentStep"]);
        Assert.NotNull(completed.Json["endedAt"]);
        Assert.Equal(["completed", "completed", "completed", "skipped"], completed.Json["steps"]!.AsArray().Select(s => Text(s, "status")));
        Assert.Equal((int)HttpStatusCode.Conflict, (int)again.Status);
        Assert.DoesNotContain(await QueueAsync(csm), q => Text(q, "id") == id);
        var instance = await app.Durable.WaitForInstanceCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    [Fact]
    public async Task Completing_the_last_step_completes_the_execution()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id, SeedWorkflows.RiskReview), "id")!;

        foreach (var step in new[] { "assess-risk", "save-plan" })
        {
            using var done = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/{step}/complete", null);
            Assert.Equal(HttpStatusCode.OK, done.Status);
        }

        using var skipped = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/executive-outreach/skip", new JsonObject { ["note"] = "The sponsor left." });

        Assert.Equal(HttpStatusCode.OK, skipped.Status);
        Assert.Equal("completed", Text(skipped.Json, "status"));
        Assert.Equal(["completed", "completed", "skipped"], skipped.Json["steps"]!.AsArray().Select(s => Text(s, "status")));
    }

    [Fact]
    public async Task A_cancelled_execution_skips_what_is_left_leaves_the_queue_and_takes_no_more_commands()
    {
        var owner = TestCustomers.NewUser();
        var customer = await TestCustomers.CreateAsync(app.App, owner);
        var csm = app.As(owner);
        var id = Text(await StartAsync(csm, customer.Id), "id")!;

        using var cancelled = await csm.PostAsync($"/api/workflows/executions/{id}/cancel", new JsonObject { ["reason"] = "The customer churned." });
        using var late = await csm.PostAsync($"/api/workflows/executions/{id}/steps/review-account/complete", null);
        using var list = await csm.GetAsync($"/api/workflows/executions?customerId={customer.Id}&status=cancelled");

        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("cancelled", Text(cancelled.Json, "status"));
        Assert.All(cancelled.Json["steps"]!.AsArray(), s => Assert.Equal("skipped", Text(s, "status")));
        var problem = await ProblemJson.ReadAsync(late.Message, 409);
        Assert.Contains("cancelled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await QueueAsync(csm), q => Text(q, "id") == id);
        Assert.Equal([id], list.Json["items"]!.AsArray().Select(e => Text(e, "id")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await app.Durable.WaitForInstanceCompletionAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task A_write_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var started = await StartAsync(app.Admin, customer.Id);
        var id = Text(started, "id")!;
        using var moved = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/review-account/complete", null, ifMatch: "\"1\"");

        using var stale = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/plan-renewal/complete", null, ifMatch: "\"1\"");
        using var current = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/plan-renewal/complete", null, ifMatch: moved.ETag);

        Assert.Equal(HttpStatusCode.OK, moved.Status);
        await ProblemJson.ReadAsync(stale.Message, 412);
        Assert.Equal(HttpStatusCode.OK, current.Status);
        Assert.Equal(3, current.Json["version"]!.GetValue<int>());
        Assert.Equal("send-outreach", Text(current.Json, "currentStep"));
    }

    [Fact]
    public async Task A_start_repeated_with_its_Idempotency_Key_answers_the_same_execution_and_starts_one_orchestration()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var key = Guid.NewGuid().ToString();
        var body = new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = SeedWorkflows.Qbr };

        using var first = await app.Admin.PostAsync("/api/workflows/executions", body, key);
        using var second = await app.Admin.PostAsync("/api/workflows/executions", body.DeepClone(), key);
        using var reused = await app.Admin.PostAsync("/api/workflows/executions", new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = SeedWorkflows.RiskReview }, key);
        using var list = await app.Admin.GetAsync($"/api/workflows/executions?customerId={customer.Id}");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal("true", second.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Json.ToJsonString(), second.Json.ToJsonString());
        Assert.Equal(first.Message.Headers.Location, second.Message.Headers.Location);
        await ProblemJson.ReadAsync(reused.Message, 422);
        var id = Text(first.Json, "id")!;
        Assert.Equal([id], list.Json["items"]!.AsArray().Select(e => Text(e, "id")));
        var instances = new List<string>();
        await foreach (var instance in app.Durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"ex_{customer.Id[3..]}_" }))
        {
            instances.Add(instance.InstanceId);
        }

        Assert.Equal([id], instances);
    }

    [Fact]
    public async Task A_command_repeated_with_its_Idempotency_Key_acts_once()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;
        var key = Guid.NewGuid().ToString();

        using var first = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/review-account/complete", null, key);
        using var repeated = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/review-account/complete", null, key);
        var now = await GetAsync(app.Admin, id);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, repeated.Status);
        Assert.Equal("true", repeated.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, now["version"]!.GetValue<int>());
        Assert.Equal("plan-renewal", Text(now, "currentStep"));
    }

    [Fact]
    public async Task A_command_that_no_longer_applies_when_it_arrives_is_recorded_as_ignored()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;
        var records = app.Services.GetRequiredService<CustomerRecords>();
        var row = (await records.FindAsync<WorkflowExecution>(customer.Id, WorkflowExecution.RowKeyFor(id), CancellationToken.None))!;
        var late = new ExecutionCommand(ExecutionCommandKind.CompleteStep, Guid.NewGuid().ToString(), "late@example.com", "Sent before the step moved on.", StepId: "send-outreach");

        var (after, applied) = await app.Services.GetRequiredService<ExecutionCommands>().SendAsync(app.Durable, row, late, CancellationToken.None);
        using var events = await app.Admin.GetAsync($"/api/workflows/executions/{id}/events");

        Assert.False(applied);
        Assert.Equal(2, after.Version);
        Assert.Equal("review-account", after.CurrentStepId);
        Assert.Equal((late.CommandId, CommandOutcome.Ignored), (after.LastCommandId, after.LastCommandOutcome));
        Assert.Contains("not active", after.LastCommandDetail, StringComparison.Ordinal);
        var ignored = events.Json["items"]!.AsArray().Last()!;
        Assert.Equal(("command_ignored", "late@example.com"), (Text(ignored, "type"), Text(ignored, "actor")));
    }

    [Fact]
    public async Task Replaying_an_executions_events_gives_exactly_its_current_state()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;
        var soon = DateTimeOffset.UtcNow.AddHours(2).ToString("O");
        foreach (var (path, body) in new (string, JsonObject?)[]
        {
            ("steps/review-account/complete", new JsonObject { ["note"] = "Checked." }),
            ("escalate", new JsonObject { ["reason"] = "The champion left." }),
            ("follow-ups", new JsonObject { ["at"] = soon, ["note"] = "Call the new champion." }),
            ("snooze", new JsonObject { ["until"] = soon }),
            ("steps/plan-renewal/skip", null),
            ("steps/plan-renewal/complete", null),
        })
        {
            using var sent = await app.Admin.PostAsync($"/api/workflows/executions/{id}/{path}", body);
            Assert.True(sent.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{path}: {(int)sent.Status} {sent.Body?.ToJsonString()}");
        }

        var current = await GetAsync(app.Admin, id);
        using var events = await app.Admin.GetAsync($"/api/workflows/executions/{id}/events");

        var items = events.Json["items"]!.AsArray();
        Assert.Equal(["execution_started", "step_completed", "execution_escalated", "follow_up_scheduled", "execution_snoozed", "step_skipped"], items.Select(e => Text(e, "type")));
        JsonNode? state = null;
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(i + 1, items[i]!["version"]!.GetValue<int>());
            Assert.Equal(state?.ToJsonString(), items[i]!["before"]?.ToJsonString());
            state = items[i]!["after"];
        }

        current.Remove("priorityScore");
        Assert.Equal(current.ToJsonString(), state!.ToJsonString());
    }
}
