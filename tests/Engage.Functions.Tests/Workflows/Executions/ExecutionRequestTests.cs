using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Definitions;
using static Engage.Functions.Tests.Workflows.WorkflowsAppFixture;

namespace Engage.Functions.Tests.Workflows.Executions;

/// <summary>Bad input and who may see what: each refusal a problem, never a 500.</summary>
public sealed class ExecutionRequestTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    public static TheoryData<string, int> BadStarts => new()
    {
        { "not json", 400 },
        { "[]", 400 },
        { "{}", 400 },
        { """{"customerId": "acme", "workflowId": "qbr"}""", 400 },
        { """{"customerId": "cu_0123456789abcdef", "workflowId": "Not A Slug"}""", 400 },
        { """{"customerId": "cu_0123456789abcdef", "workflowId": "qbr", "version": 0}""", 400 },
        { """{"customerId": "cu_0123456789abcdef", "workflowId": "qbr", "colour": "red"}""", 400 },
        { """{"customerId": "cu_0123456789abcdef", "workflowId": "qbr", "workflowId": "risk-review"}""", 400 },
        { """{"customerId": "cu_0123456789abcdef", "workflowId": "qbr", "\ud800": 1}""", 400 },
        { """{"customerId": "cu_0123456789abcdef", "workflowId": "qbr"}""", 404 },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_start_with_bad_input_is_refused_with_a_problem(string body, int status)
    {
        using var response = await app.Admin.SendAsync(HttpMethod.Post, "/api/workflows/executions", body);

        await ProblemJson.ReadAsync(response.Message, status);
    }

    [Fact]
    public async Task A_start_of_an_unknown_workflow_or_version_is_422()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());

        using var unknown = await app.Admin.PostAsync("/api/workflows/executions", new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = "no-such-workflow" });
        using var version = await app.Admin.PostAsync("/api/workflows/executions", new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = SeedWorkflows.Qbr, ["version"] = 999 });

        await ProblemJson.ReadAsync(unknown.Message, 422);
        await ProblemJson.ReadAsync(version.Message, 422);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_413()
    {
        using var response = await app.Admin.SendAsync(HttpMethod.Post, "/api/workflows/executions", $"{{\"customerId\": \"{new string('a', 10_000)}\"}}");

        await ProblemJson.ReadAsync(response.Message, 413);
    }

    [Fact]
    public async Task Malformed_and_unknown_execution_ids_are_400_and_404()
    {
        var unknown = RecordId.NewChild(RecordId.Execution, RecordId.NewCustomer(), DateTimeOffset.UtcNow);

        using var malformed = await app.Admin.GetAsync("/api/workflows/executions/not-an-id");
        using var missing = await app.Admin.GetAsync($"/api/workflows/executions/{unknown}");
        using var missingEvents = await app.Admin.GetAsync($"/api/workflows/executions/{unknown}/events");
        using var command = await app.Admin.PostAsync($"/api/workflows/executions/{unknown}/complete", null);
        using var malformedCommand = await app.Admin.PostAsync("/api/workflows/executions/ex_1/cancel", null);

        await ProblemJson.ReadAsync(malformed.Message, 400);
        await ProblemJson.ReadAsync(missing.Message, 404);
        await ProblemJson.ReadAsync(missingEvents.Message, 404);
        await ProblemJson.ReadAsync(command.Message, 404);
        await ProblemJson.ReadAsync(malformedCommand.Message, 400);
    }

    [Fact]
    public async Task Commands_that_cannot_apply_are_refused_before_they_are_sent()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

        using var pastSnooze = await app.Admin.PostAsync($"/api/workflows/executions/{id}/snooze", new JsonObject { ["until"] = past });
        using var farSnooze = await app.Admin.PostAsync($"/api/workflows/executions/{id}/snooze", new JsonObject { ["until"] = DateTimeOffset.UtcNow.AddYears(2).ToString("O") });
        using var noUntil = await app.Admin.PostAsync($"/api/workflows/executions/{id}/snooze", null);
        using var localTime = await app.Admin.PostAsync($"/api/workflows/executions/{id}/snooze", new JsonObject { ["until"] = "2030-01-01T09:00:00" });
        using var pastFollowUp = await app.Admin.PostAsync($"/api/workflows/executions/{id}/follow-ups", new JsonObject { ["at"] = past });
        using var unknownStep = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/no-such-step/complete", null);
        using var pendingStep = await app.Admin.PostAsync($"/api/workflows/executions/{id}/steps/send-outreach/complete", null);
        using var unknownField = await app.Admin.PostAsync($"/api/workflows/executions/{id}/complete", new JsonObject { ["why"] = "done" });
        using var escalated = await app.Admin.PostAsync($"/api/workflows/executions/{id}/escalate", new JsonObject { ["reason"] = "At risk." });
        using var escalatedAgain = await app.Admin.PostAsync($"/api/workflows/executions/{id}/escalate", null);
        var after = await GetAsync(app.Admin, id);

        var problem = await ProblemJson.ReadAsync(pastSnooze.Message, 422);
        Assert.Contains("not in the future", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemJson.ReadAsync(farSnooze.Message, 422);
        await ProblemJson.ReadAsync(noUntil.Message, 400);
        await ProblemJson.ReadAsync(localTime.Message, 400);
        await ProblemJson.ReadAsync(pastFollowUp.Message, 422);
        await ProblemJson.ReadAsync(unknownStep.Message, 404);
        await ProblemJson.ReadAsync(pendingStep.Message, 409);
        await ProblemJson.ReadAsync(unknownField.Message, 400);
        Assert.Equal(HttpStatusCode.OK, escalated.Status);
        await ProblemJson.ReadAsync(escalatedAgain.Message, 409);
        Assert.Equal(2, after["version"]!.GetValue<int>());
        Assert.Equal("active", Text(after, "status"));
    }

    [Fact]
    public async Task A_command_naming_a_field_twice_or_by_a_name_that_is_no_text_is_refused_and_not_sent()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var id = Text(await StartAsync(app.Admin, customer.Id), "id")!;

        using var twice = await app.Admin.SendAsync(HttpMethod.Post, $"/api/workflows/executions/{id}/complete", """{"reason": "Done.", "reason": "Really done."}""");
        using var surrogate = await app.Admin.SendAsync(HttpMethod.Post, $"/api/workflows/executions/{id}/cancel", """{"\ud800": 1}""");
        var after = await GetAsync(app.Admin, id);

        ProblemAssert.Is(twice, HttpStatusCode.BadRequest, detailContains: "Duplicate property 'reason'");
        ProblemAssert.Is(surrogate, HttpStatusCode.BadRequest, detailContains: "property name that is not valid text");
        Assert.Equal(1, after["version"]!.GetValue<int>());
        Assert.Equal("active", Text(after, "status"));
        Assert.Null(after["lastCommand"]);
    }

    [Fact]
    public async Task The_list_needs_a_customer_and_a_known_status()
    {
        using var noCustomer = await app.Admin.GetAsync("/api/workflows/executions");
        using var badStatus = await app.Admin.GetAsync($"/api/workflows/executions?customerId={RecordId.NewCustomer()}&status=paused");
        using var unknownCustomer = await app.Admin.GetAsync($"/api/workflows/executions?customerId={RecordId.NewCustomer()}");

        await ProblemJson.ReadAsync(noCustomer.Message, 400);
        await ProblemJson.ReadAsync(badStatus.Message, 400);
        await ProblemJson.ReadAsync(unknownCustomer.Message, 404);
    }

    [Fact]
    public async Task A_csm_sees_executions_they_own_or_whose_customer_they_own_and_no_others()
    {
        var owner = TestCustomers.NewUser();
        var stranger = TestCustomers.NewUser();
        var successor = TestCustomers.NewUser();
        var customer = await TestCustomers.CreateAsync(app.App, owner);
        var id = Text(await StartAsync(app.As(owner), customer.Id), "id")!;
        await TestCustomers.ChangeAsync(app.Services, customer, c => c.Owner = successor);

        using var asStranger = await app.As(stranger).GetAsync($"/api/workflows/executions/{id}");
        using var strangerEvents = await app.As(stranger).GetAsync($"/api/workflows/executions/{id}/events");
        using var strangerList = await app.As(stranger).GetAsync($"/api/workflows/executions?customerId={customer.Id}");
        using var strangerCommand = await app.As(stranger).PostAsync($"/api/workflows/executions/{id}/cancel", null);
        using var strangerStart = await app.As(stranger).PostAsync("/api/workflows/executions", new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = SeedWorkflows.Qbr });
        using var strangerQueue = await app.As(stranger).GetAsync($"/api/workflows/queue?owner={Uri.EscapeDataString(owner)}");
        using var asOwner = await app.As(owner).GetAsync($"/api/workflows/executions/{id}");
        using var asSuccessor = await app.As(successor).GetAsync($"/api/workflows/executions/{id}");
        using var successorList = await app.As(successor).GetAsync($"/api/workflows/executions?customerId={customer.Id}");
        using var asAdmin = await app.As(stranger, "admin").GetAsync($"/api/workflows/executions/{id}");

        await ProblemJson.ReadAsync(asStranger.Message, 404);
        await ProblemJson.ReadAsync(strangerEvents.Message, 404);
        await ProblemJson.ReadAsync(strangerList.Message, 404);
        await ProblemJson.ReadAsync(strangerCommand.Message, 404);
        await ProblemJson.ReadAsync(strangerStart.Message, 404);
        await ProblemJson.ReadAsync(strangerQueue.Message, 403);
        Assert.Empty(await QueueAsync(app.As(stranger)));
        Assert.Equal(HttpStatusCode.OK, asOwner.Status);
        Assert.Equal(HttpStatusCode.OK, asSuccessor.Status);
        Assert.Equal([id], successorList.Json["items"]!.AsArray().Select(e => Text(e, "id")));
        Assert.Equal(HttpStatusCode.OK, asAdmin.Status);
        Assert.Contains(await QueueAsync(app.As(owner)), q => Text(q, "id") == id);
        Assert.Contains(await QueueAsync(app.Admin, owner), q => Text(q, "id") == id);
        Assert.Contains(await QueueAsync(app.As(owner), owner), q => Text(q, "id") == id);
    }
}
