using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Actions;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Tests.Workflows.Actions;

/// <summary>
/// <c>POST /api/workflows/actions/execute</c> on execution rows written straight to their records: each action's
/// validation and refusals, and the two actions whose effect is on Engage's own records (send_email, create_task).
/// The effects that need a running orchestration are in <see cref="ActionEffectTests"/>.
/// </summary>
public sealed class ActionExecuteTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    private const string Execute = "/api/workflows/actions/execute";
    private const string Artifacts = "/api/workflows/artifacts";

    [Theory]
    [InlineData("""{"workflowExecutionId": "{execution}"}""", "actionId")]
    [InlineData("""{"actionId": "launch", "workflowExecutionId": "{execution}"}""", "actionId")]
    [InlineData("""{"actionId": "escalate", "params": {"reason": "x"}}""", "workflowExecutionId")]
    [InlineData("""{"actionId": "escalate", "workflowExecutionId": "tk_0123456789abcdef_0123456789abcdef0123456789abcdef", "params": {"reason": "x"}}""", "workflowExecutionId")]
    [InlineData("""{"actionId": "escalate", "workflowExecutionId": "{execution}", "params": ["x"]}""", "params")]
    [InlineData("""{"actionId": "escalate", "workflowExecutionId": "{execution}", "params": {}, "extra": 1}""", "extra")]
    [InlineData("""{"actionId": "snooze", "workflowExecutionId": "{execution}"}""", "params.until")]
    [InlineData("""{"actionId": "snooze", "workflowExecutionId": "{execution}", "params": {"until": "2001-01-01T00:00:00Z"}}""", "params.until")]
    [InlineData("""{"actionId": "snooze", "workflowExecutionId": "{execution}", "params": {"until": "2099-01-01T00:00:00Z"}}""", "params.until")]
    [InlineData("""{"actionId": "snooze", "workflowExecutionId": "{execution}", "params": {"until": "next week"}}""", "params.until")]
    [InlineData("""{"actionId": "snooze", "workflowExecutionId": "{execution}", "params": {"until": "{soon}", "reason": "x"}}""", "params.reason")]
    [InlineData("""{"actionId": "skip", "workflowExecutionId": "{execution}", "params": {"stepId": 5}}""", "params.stepId")]
    [InlineData("""{"actionId": "escalate", "workflowExecutionId": "{execution}", "params": {}}""", "params.reason")]
    [InlineData("""{"actionId": "escalate", "workflowExecutionId": "{execution}", "params": {"reason": "  "}}""", "params.reason")]
    [InlineData("""{"actionId": "schedule", "workflowExecutionId": "{execution}", "params": {"note": "x"}}""", "params.at")]
    [InlineData("""{"actionId": "schedule", "workflowExecutionId": "{execution}", "params": {"at": "2020-01-01T00:00:00Z"}}""", "params.at")]
    [InlineData("""{"actionId": "send_email", "workflowExecutionId": "{execution}", "params": {}}""", "params.artifactId")]
    [InlineData("""{"actionId": "send_email", "workflowExecutionId": "{execution}", "params": {"artifactId": "ar_1"}}""", "params.artifactId")]
    [InlineData("""{"actionId": "send_email", "workflowExecutionId": "{execution}", "params": {"artifactId": "ar_0123456789abcdef_0123456789abcdef0123456789abcdef", "to": "not-an-address"}}""", "params.to")]
    [InlineData("""{"actionId": "send_email", "workflowExecutionId": "{execution}", "params": {"artifactId": "ar_0123456789abcdef_0123456789abcdef0123456789abcdef", "to": []}}""", "params.to")]
    [InlineData("""{"actionId": "create_task", "workflowExecutionId": "{execution}", "params": {}}""", "params.title")]
    [InlineData("""{"actionId": "create_task", "workflowExecutionId": "{execution}", "params": {"title": "x", "priority": "asap"}}""", "params.priority")]
    [InlineData("""{"actionId": "create_task", "workflowExecutionId": "{execution}", "params": {"title": "x", "customerId": "cu_0000000000000000"}}""", "params.customerId")]
    public async Task Params_an_action_does_not_take_are_refused_with_a_400_naming_them_and_nothing_runs(string body, string field)
    {
        var (csm, customer, execution) = await SeedAsync();
        var sent = body.Replace("{execution}", execution.Id, StringComparison.Ordinal)
            .Replace("{soon}", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), StringComparison.Ordinal);

        using var refused = await app.As(csm).PostAsync(Execute, sent);

        ProblemAssert.Is(refused, HttpStatusCode.BadRequest, field);
        Assert.Empty(await ActionRunsAsync(customer));
    }

    [Fact]
    public async Task An_action_on_an_execution_that_has_ended_is_refused_with_409()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var completed = await app.Records.ExecutionAsync(customer, ExecutionStatus.Completed);
        var cancelled = await app.Records.ExecutionAsync(customer, ExecutionStatus.Cancelled);

        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, Escalate(completed)), HttpStatusCode.Conflict, detailContains: "completed");
        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, CreateTask(cancelled, "Too late")), HttpStatusCode.Conflict, detailContains: "cancelled");
        Assert.Empty(await ActionRunsAsync(customer));
    }

    [Fact]
    public async Task An_action_on_someone_elses_execution_is_refused_as_not_found()
    {
        var (_, customer, execution) = await SeedAsync();

        ProblemAssert.Is(await app.As(TestCustomers.NewUser()).PostAsync(Execute, Escalate(execution)), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(TestCustomers.NewUser()).PostAsync(Execute, Escalate(execution, executionId: execution.Id[..^4] + "0000")), HttpStatusCode.NotFound);
        Assert.Empty(await ActionRunsAsync(customer));
    }

    [Fact]
    public async Task Skipping_a_step_that_is_done_is_409_and_one_the_execution_lacks_is_422()
    {
        var (csm, customer, execution) = await SeedAsync();

        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, Skip(execution, SeededRecords.DoneStep)), HttpStatusCode.Conflict, detailContains: "already completed");
        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, Skip(execution, "no-such-step")), HttpStatusCode.UnprocessableEntity, detailContains: SeededRecords.NextStep);
        Assert.Empty(await ActionRunsAsync(customer));
    }

    [Fact]
    public async Task Send_email_records_an_approved_draft_as_sent_with_its_events_and_a_replay_sends_nothing_more()
    {
        var (csm, customer, execution) = await SeedAsync();
        var draft = await DraftAsync(csm, new JsonObject { ["workflowExecutionId"] = execution.Id }, "champion@customer.example", approve: true);
        var key = Guid.NewGuid().ToString();

        using var sent = await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(draft)), idempotencyKey: key);
        using var replayed = await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(draft)), idempotencyKey: key);
        using var again = await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(draft)));

        Assert.True(sent.Status == HttpStatusCode.OK, sent.Body?.ToJsonString());
        var run = sent.Json["actionRun"]!;
        Assert.StartsWith("ac_", run["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("send_email", execution.Id, csm), (Text(run, "actionId"), Text(run, "workflowExecutionId"), Text(run, "actor")));
        Assert.Equal(Id(draft), run["params"]!["artifactId"]!.GetValue<string>());
        Assert.Equal(["champion@customer.example"], run["result"]!["sentTo"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(execution.Id, Text(sent.Json["workflowExecution"], "id"));
        Assert.Equal(sent.Json.ToJsonString(), replayed.Json.ToJsonString());
        ProblemAssert.Is(again, HttpStatusCode.Conflict, detailContains: "sent already");

        using var read = await app.As(csm).GetAsync($"{Artifacts}/{Id(draft)}");
        Assert.NotNull(read.Json["sentAt"]);
        Assert.Equal(["champion@customer.example"], read.Json["sentTo"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["artifact_created", "artifact_approved", "artifact_sent"], (await app.Records.EventsAsync(customer.Id, Id(draft))).Select(e => e.Type));
        var recorded = Assert.Single(await ActionRunsAsync(customer));
        Assert.Equal((run["id"]!.GetValue<string>(), csm), (recorded.RecordId, recorded.Actor));
        ProblemAssert.Is(await app.As(csm).PatchAsync($"{Artifacts}/{Id(draft)}", new JsonObject { ["isApproved"] = false }), HttpStatusCode.Conflict, detailContains: "was sent");
    }

    [Fact]
    public async Task Send_email_takes_the_recipients_from_its_params_before_the_drafts_own()
    {
        var (csm, _, execution) = await SeedAsync();
        var draft = await DraftAsync(csm, new JsonObject { ["customerId"] = execution.PartitionKey }, "champion@customer.example", approve: true);
        var send = SendEmail(execution, Id(draft));
        send["params"]!["to"] = new JsonArray("cfo@customer.example", "cto@customer.example");

        using var sent = await app.As(csm).PostAsync(Execute, send);

        Assert.True(sent.Status == HttpStatusCode.OK, sent.Body?.ToJsonString());
        Assert.Equal(["cfo@customer.example", "cto@customer.example"], sent.Json["actionRun"]!["result"]!["sentTo"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Send_email_refuses_a_draft_that_is_unapproved_of_another_kind_of_another_execution_or_without_recipients()
    {
        var (csm, customer, execution) = await SeedAsync();
        var other = await app.Records.ExecutionAsync(customer);
        var unapproved = await DraftAsync(csm, new JsonObject { ["workflowExecutionId"] = execution.Id }, "a@b.example", approve: false);
        var note = await DraftAsync(csm, new JsonObject { ["workflowExecutionId"] = execution.Id }, "a@b.example", approve: true, type: ArtifactTypes.Note);
        var elsewhere = await DraftAsync(csm, new JsonObject { ["workflowExecutionId"] = other.Id }, "a@b.example", approve: true);
        var noRecipients = await DraftAsync(csm, new JsonObject { ["workflowExecutionId"] = execution.Id }, null, approve: true);
        var strangersCustomer = await app.Records.CustomerAsync(csm);
        var foreign = await DraftAsync(csm, new JsonObject { ["customerId"] = strangersCustomer.Id }, "a@b.example", approve: true);

        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(unapproved))), HttpStatusCode.Conflict, detailContains: "not approved");
        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(note))), HttpStatusCode.UnprocessableEntity, detailContains: "email_draft");
        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(elsewhere))), HttpStatusCode.UnprocessableEntity, detailContains: other.Id);
        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(noRecipients))), HttpStatusCode.UnprocessableEntity, detailContains: "content.to");
        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, SendEmail(execution, Id(foreign))), HttpStatusCode.UnprocessableEntity, detailContains: "names no artifact");
        Assert.Empty(await ActionRunsAsync(customer));
    }

    [Fact]
    public async Task Create_task_makes_a_task_on_the_execution_and_a_replay_makes_no_second_one()
    {
        var (csm, customer, execution) = await SeedAsync();
        var body = CreateTask(execution, "Call the CFO");
        body["params"]!["stepId"] = SeededRecords.CurrentStep;
        body["params"]!["dueAt"] = "2030-01-01T09:00:00Z";
        var key = Guid.NewGuid().ToString();

        using var created = await app.As(csm).PostAsync(Execute, body, idempotencyKey: key);
        using var replayed = await app.As(csm).PostAsync(Execute, body, idempotencyKey: key);

        Assert.True(created.Status == HttpStatusCode.OK, created.Body?.ToJsonString());
        Assert.Equal(created.Json.ToJsonString(), replayed.Json.ToJsonString());
        var taskId = created.Json["actionRun"]!["result"]!["taskId"]!.GetValue<string>();
        using var task = await app.As(csm).GetAsync($"/api/workflows/tasks/{taskId}");
        Assert.Equal(HttpStatusCode.OK, task.Status);
        Assert.Equal(("Call the CFO", execution.Id, SeededRecords.CurrentStep, csm), (Text(task.Json, "title"), Text(task.Json, "workflowExecutionId"), Text(task.Json, "stepId"), Text(task.Json, "assignee")));
        var taskCreated = Assert.Single(await app.Records.EventsAsync(customer.Id, taskId));
        Assert.Contains(created.Json["actionRun"]!["id"]!.GetValue<string>(), taskCreated.Reason, StringComparison.Ordinal);
        Assert.Single(await ActionRunsAsync(customer));
    }

    [Fact]
    public async Task Create_task_refuses_a_step_the_execution_lacks_with_422()
    {
        var (csm, customer, execution) = await SeedAsync();
        var body = CreateTask(execution, "Somewhere");
        body["params"]!["stepId"] = "no-such-step";

        ProblemAssert.Is(await app.As(csm).PostAsync(Execute, body), HttpStatusCode.UnprocessableEntity);
        Assert.Empty(await ActionRunsAsync(customer));
    }

    private async Task<(string Csm, Customer Customer, WorkflowExecution Execution)> SeedAsync()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        return (csm, customer, await app.Records.ExecutionAsync(customer));
    }

    /// <summary>An email draft made through the artifact routes, approved when asked.</summary>
    private async Task<JsonObject> DraftAsync(string csm, JsonObject owner, string? to, bool approve, string type = ArtifactTypes.EmailDraft)
    {
        var content = new JsonObject { ["subject"] = "Renewal", ["body"] = "Shall we talk?" };
        if (to is not null)
        {
            content["to"] = to;
        }

        owner["type"] = type;
        owner["title"] = "Renewal email";
        owner["content"] = content;
        using var created = await app.As(csm).PostAsync(Artifacts, owner);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        if (approve)
        {
            using var approved = await app.As(csm).PatchAsync($"{Artifacts}/{Id(created.Json)}", new JsonObject { ["isApproved"] = true });
            Assert.Equal(HttpStatusCode.OK, approved.Status);
        }

        return created.Json;
    }

    private async Task<List<RecordEvent>> ActionRunsAsync(Customer customer)
    {
        var runs = new List<RecordEvent>();
        foreach (var recorded in await app.Records.EventsAsync(customer.Id, null))
        {
            if (recorded.RecordType == ActionRun.Kind)
            {
                Assert.Equal("action_executed", recorded.Type);
                runs.Add(recorded);
            }
        }

        return runs;
    }

    private static JsonObject Escalate(WorkflowExecution execution, string? executionId = null) =>
        Action("escalate", executionId ?? execution.Id, new JsonObject { ["reason"] = "The sponsor left." });

    private static JsonObject Skip(WorkflowExecution execution, string stepId) => Action("skip", execution.Id, new JsonObject { ["stepId"] = stepId });

    private static JsonObject SendEmail(WorkflowExecution execution, string artifactId) => Action("send_email", execution.Id, new JsonObject { ["artifactId"] = artifactId });

    private static JsonObject CreateTask(WorkflowExecution execution, string title) => Action("create_task", execution.Id, new JsonObject { ["title"] = title });

    private static JsonObject Action(string actionId, string executionId, JsonObject parameters) => new()
    {
        ["actionId"] = actionId,
        ["workflowExecutionId"] = executionId,
        ["params"] = parameters,
    };

    private static string Id(JsonObject record) => Text(record, "id")!;

    private static string? Text(JsonNode? record, string name) => record?[name]?.GetValue<string>();
}
