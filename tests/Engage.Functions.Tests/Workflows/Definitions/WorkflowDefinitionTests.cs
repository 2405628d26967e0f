using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Identity;
using Engage.Functions.Workflows.Definitions;
using static Engage.Functions.Tests.Workflows.WorkflowsAppFixture;

namespace Engage.Functions.Tests.Workflows.Definitions;

public sealed class WorkflowDefinitionTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task The_three_seeded_workflows_are_listed_with_their_triggers_and_steps()
    {
        using var list = await app.As(TestCustomers.NewUser()).GetAsync("/api/workflows/definitions");
        using var qbr = await app.Admin.GetAsync("/api/workflows/definitions/qbr?version=1");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var items = list.Json["items"]!.AsArray();
        Assert.Null(list.Json["continuation"]);
        Assert.Superset(new HashSet<string?> { "renewal-preparation", "qbr", "risk-review" }, items.Select(i => Text(i, "id")).ToHashSet());
        var renewal = items.Single(i => Text(i, "id") == SeedWorkflows.RenewalPreparation)!;
        Assert.Equal("""{"type":"renewal_stage","stage":"Prepare"}""", renewal["trigger"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, qbr.Status);
        Assert.Equal("\"1\"", qbr.ETag);
        Assert.Equal("""{"type":"account_plan","plan":"expand"}""", qbr.Json["trigger"]!.ToJsonString());
        var step = qbr.Json["steps"]![1]!.AsObject();
        Assert.Equal(["id", "type", "name", "goal", "sla", "completesWithTask"], step.Select(p => p.Key));
        Assert.Equal(("prepare-deck", "task", "P7D"), (Text(step, "id"), Text(step, "type"), Text(step, "sla")));
        Assert.True(step["completesWithTask"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Storing_a_workflow_again_makes_a_new_version_and_the_old_one_stays_readable()
    {
        var id = $"defs-{Guid.NewGuid():N}"[..20];
        var key = Guid.NewGuid().ToString();

        using var first = await app.Admin.PostAsync("/api/workflows/definitions", TestWorkflows.Definition(id, ("a", "P1D")), key);
        using var replayed = await app.Admin.PostAsync("/api/workflows/definitions", TestWorkflows.Definition(id, ("a", "P1D")), key);
        using var second = await app.Admin.PostAsync("/api/workflows/definitions", TestWorkflows.Definition(id, ("a", null), ("b", "PT4H")));
        using var latest = await app.Admin.GetAsync($"/api/workflows/definitions/{id}");
        using var old = await app.Admin.GetAsync($"/api/workflows/definitions/{id}?version=1");
        using var list = await app.Admin.GetAsync("/api/workflows/definitions");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(1, first.Json["version"]!.GetValue<int>());
        Assert.Equal($"/api/workflows/definitions/{id}?version=1", first.Message.Headers.Location!.ToString());
        Assert.Equal("true", replayed.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, second.Json["version"]!.GetValue<int>());
        Assert.Equal("\"2\"", latest.ETag);
        Assert.Equal(["a", "b"], latest.Json["steps"]!.AsArray().Select(s => Text(s, "id")));
        Assert.Equal("PT4H", Text(latest.Json["steps"]![1], "sla"));
        Assert.Equal(["a"], old.Json["steps"]!.AsArray().Select(s => Text(s, "id")));
        Assert.Equal(2, list.Json["items"]!.AsArray().Single(i => Text(i, "id") == id)!["version"]!.GetValue<int>());
        Assert.Equal(CallerIdentity.DefaultDevelopmentUser, Text(second.Json, "createdBy"));
    }

    [Fact]
    public async Task A_running_execution_keeps_the_version_it_started_with()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var workflowId = await TestWorkflows.CreateAsync(app.Admin, ("one", null), ("two", null));
        var execution = Text(await StartAsync(app.Admin, customer.Id, workflowId), "id")!;
        using var changed = await app.Admin.PostAsync("/api/workflows/definitions", TestWorkflows.Definition(workflowId, ("one", null), ("new-two", null), ("three", null)));

        using var done = await app.Admin.PostAsync($"/api/workflows/executions/{execution}/steps/one/complete", null);
        var later = Text(await StartAsync(app.Admin, customer.Id, workflowId), "id")!;
        var laterExecution = await GetAsync(app.Admin, later);

        Assert.Equal(2, changed.Json["version"]!.GetValue<int>());
        Assert.Equal(1, done.Json["workflowVersion"]!.GetValue<int>());
        Assert.Equal("two", Text(done.Json, "currentStep"));
        Assert.Equal(["one", "two"], done.Json["steps"]!.AsArray().Select(s => Text(s, "id")));
        Assert.Equal(2, laterExecution["workflowVersion"]!.GetValue<int>());
        Assert.Equal(3, laterExecution["steps"]!.AsArray().Count);
    }

    [Fact]
    public async Task Only_an_admin_stores_definitions_and_a_bad_one_is_refused_field_by_field()
    {
        var id = $"bad-{Guid.NewGuid():N}"[..20];
        var bad = new JsonObject
        {
            ["id"] = "Bad Id",
            ["name"] = "",
            ["trigger"] = new JsonObject { ["type"] = "renewal_stage", ["plan"] = "invest" },
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "a", ["type"] = "meeting", ["name"] = "A", ["sla"] = "P1M" },
                new JsonObject { ["id"] = "a", ["type"] = "task", ["name"] = "Again", ["completesWithTask"] = "yes" }),
        };

        using var notAdmin = await app.As(TestCustomers.NewUser()).PostAsync("/api/workflows/definitions", TestWorkflows.Definition(id, ("a", null)));
        using var invalid = await app.Admin.PostAsync("/api/workflows/definitions", bad);
        using var noSteps = await app.Admin.PostAsync("/api/workflows/definitions", new JsonObject { ["id"] = id, ["name"] = "N", ["trigger"] = new JsonObject { ["type"] = "manual" }, ["steps"] = new JsonArray() });
        using var malformed = await app.Admin.GetAsync("/api/workflows/definitions/Not_A_Slug");
        using var unknown = await app.Admin.GetAsync($"/api/workflows/definitions/{id}");
        using var unknownVersion = await app.Admin.GetAsync("/api/workflows/definitions/qbr?version=99");
        using var badVersion = await app.Admin.GetAsync("/api/workflows/definitions/qbr?version=x");

        await ProblemJson.ReadAsync(notAdmin.Message, 403);
        var problem = await ProblemJson.ReadAsync(invalid.Message, 400);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "id", "name", "trigger.stage", "trigger.plan", "steps[0].type", "steps[0].sla", "steps[1].id", "steps[1].completesWithTask" }, errors);
        await ProblemJson.ReadAsync(noSteps.Message, 400);
        await ProblemJson.ReadAsync(malformed.Message, 400);
        await ProblemJson.ReadAsync(unknown.Message, 404);
        await ProblemJson.ReadAsync(unknownVersion.Message, 404);
        await ProblemJson.ReadAsync(badVersion.Message, 400);
    }

    [Fact]
    public async Task A_definition_naming_a_member_twice_or_by_a_name_that_is_no_text_is_refused_and_not_stored()
    {
        var id = $"twice-{Guid.NewGuid():N}"[..20];
        var valid = TestWorkflows.Definition(id, ("a", null)).ToJsonString();

        using var nameTwice = await app.Admin.SendAsync(HttpMethod.Post, "/api/workflows/definitions", valid[..^1] + ", \"name\": \"Again\"}");
        using var stepIdTwice = await app.Admin.SendAsync(HttpMethod.Post, "/api/workflows/definitions", valid.Replace("\"id\":\"a\"", "\"id\":\"a\",\"id\":\"b\"", StringComparison.Ordinal));
        using var surrogate = await app.Admin.SendAsync(HttpMethod.Post, "/api/workflows/definitions", valid[..^1] + ", \"\\ud800\": 1}");
        using var stored = await app.Admin.GetAsync($"/api/workflows/definitions/{id}");

        ProblemAssert.Is(nameTwice, HttpStatusCode.BadRequest, detailContains: "Duplicate property 'name'");
        ProblemAssert.Is(stepIdTwice, HttpStatusCode.BadRequest, detailContains: "Duplicate property 'id'");
        ProblemAssert.Is(surrogate, HttpStatusCode.BadRequest, detailContains: "property name that is not valid text");
        await ProblemJson.ReadAsync(stored.Message, 404);
    }
}
