using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Tests.Workflows.Artifacts;

/// <summary>The artifact routes through the local host on Azurite, with customers and executions written straight to their records.</summary>
public sealed class ArtifactApiTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    private const string Artifacts = "/api/workflows/artifacts";
    private const string Tasks = "/api/workflows/tasks";

    [Fact]
    public async Task An_artifact_of_a_task_is_created_with_201_and_takes_its_customer_and_execution_from_the_task()
    {
        var (csm, customer, execution) = await SeedAsync();
        var task = await CreateAsync(app.As(csm), Tasks, new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Write to the champion" });

        using var created = await app.As(csm).PostAsync(Artifacts, new JsonObject
        {
            ["taskId"] = Id(task),
            ["type"] = "email_draft",
            ["title"] = "Renewal check-in",
            ["content"] = new JsonObject { ["to"] = "champion@customer.example", ["subject"] = "Renewal", ["body"] = "<p>Hello</p>" },
            ["generation"] = new JsonObject { ["model"] = "gpt-4o", ["prompt"] = "Write a friendly renewal check-in." },
        });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var artifact = created.Json;
        Assert.StartsWith("ar_", Id(artifact), StringComparison.Ordinal);
        Assert.Equal($"{Artifacts}/{Id(artifact)}", created.Message.Headers.Location?.ToString());
        Assert.Equal("\"1\"", created.ETag);
        Assert.Equal((customer.Id, execution.Id), (Text(artifact, "customerId"), Text(artifact, "workflowExecutionId")));
        Assert.Equal("<p>Hello</p>", artifact["content"]!["body"]!.GetValue<string>());
        Assert.Equal("gpt-4o", artifact["generation"]!["model"]!.GetValue<string>());
        Assert.False(artifact["isApproved"]!.GetValue<bool>());
        Assert.Null(artifact["approvedBy"]);
        Assert.Equal(csm, Text(artifact, "createdBy"));

        using var read = await app.As(csm).GetAsync($"{Artifacts}/{Id(artifact)}");
        Assert.Equal("\"1\"", read.ETag);
        Assert.True(JsonNode.DeepEquals(artifact, read.Json), read.Json.ToJsonString());
        Assert.Equal("artifact_created", Assert.Single(await app.Records.EventsAsync(customer.Id, Id(artifact))).Type);
    }

    [Fact]
    public async Task The_list_is_of_a_task_an_execution_or_a_customer_and_needs_one_of_them()
    {
        var (csm, customer, execution) = await SeedAsync();
        var client = app.As(csm);
        var task = await CreateAsync(client, Tasks, new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Prepare" });
        var ofTask = await CreateAsync(client, Artifacts, Artifact(new JsonObject { ["taskId"] = Id(task) }, "meeting_notes"));
        var ofExecution = await CreateAsync(client, Artifacts, Artifact(new JsonObject { ["workflowExecutionId"] = execution.Id }, "assessment"));
        var ofCustomer = await CreateAsync(client, Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "note"));

        Assert.Equal(Ids(ofTask), await ListIdsAsync(client, $"taskId={Id(task)}"));
        Assert.Equal(Ids(ofTask, ofExecution), await ListIdsAsync(client, $"workflowExecutionId={execution.Id}"));
        Assert.Equal(Ids(ofTask, ofExecution, ofCustomer), await ListIdsAsync(client, $"customerId={customer.Id}"));
        Assert.Equal(Ids(ofExecution), await ListIdsAsync(client, $"customerId={customer.Id}&type=assessment"));
        ProblemAssert.Is(await client.GetAsync(Artifacts), HttpStatusCode.BadRequest, detailContains: "taskId");
        ProblemAssert.Is(await client.GetAsync($"{Artifacts}?customerId={customer.Id}&type=poem"), HttpStatusCode.BadRequest);
        ProblemAssert.Is(await client.GetAsync($"{Artifacts}?customerId=cu_0000000000000000&taskId={Id(task)}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Approving_records_who_and_when_and_locks_the_content_until_the_same_or_an_earlier_patch_unapproves()
    {
        var (csm, customer, _) = await SeedAsync();
        var client = app.As(csm);
        var artifact = await CreateAsync(client, Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "email_draft"));
        var path = $"{Artifacts}/{Id(artifact)}";

        using var approved = await client.PatchAsync(path, new JsonObject { ["isApproved"] = true });
        using var locked = await client.PatchAsync(path, new JsonObject { ["content"] = "Changed" });
        using var lockedTitle = await client.PatchAsync(path, new JsonObject { ["title"] = "Changed", ["isApproved"] = true });
        using var unapprovedAndEdited = await client.PatchAsync(path, new JsonObject { ["content"] = "Changed", ["isApproved"] = false });
        using var approvedWithEdit = await client.PatchAsync(path, new JsonObject { ["title"] = "Final", ["isApproved"] = true });

        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.True(approved.Json["isApproved"]!.GetValue<bool>());
        Assert.Equal(csm, Text(approved.Json, "approvedBy"));
        Assert.NotNull(approved.Json["approvedAt"]);
        ProblemAssert.Is(locked, HttpStatusCode.Conflict, detailContains: "Un-approve it first");
        ProblemAssert.Is(lockedTitle, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, unapprovedAndEdited.Status);
        Assert.False(unapprovedAndEdited.Json["isApproved"]!.GetValue<bool>());
        Assert.Null(unapprovedAndEdited.Json["approvedBy"]);
        Assert.Equal("Changed", unapprovedAndEdited.Json["content"]!.GetValue<string>());
        Assert.Equal(("Final", true), (Text(approvedWithEdit.Json, "title"), approvedWithEdit.Json["isApproved"]!.GetValue<bool>()));
        var events = await app.Records.EventsAsync(customer.Id, Id(artifact));
        Assert.Equal(["artifact_created", "artifact_approved", "artifact_unapproved", "artifact_approved"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task An_edit_patch_merges_generation_and_leaves_out_what_it_does_not_name()
    {
        var (csm, customer, _) = await SeedAsync();
        var artifact = Artifact(new JsonObject { ["customerId"] = customer.Id }, "assessment");
        artifact["generation"] = new JsonObject { ["model"] = "gpt-4o", ["prompt"] = "Assess." };
        var created = await CreateAsync(app.As(csm), Artifacts, artifact);

        using var patched = await app.As(csm).PatchAsync($"{Artifacts}/{Id(created)}", new JsonObject { ["generation"] = new JsonObject { ["prompt"] = null }, ["type"] = "contract_analysis" });

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("gpt-4o", patched.Json["generation"]!["model"]!.GetValue<string>());
        Assert.Null(patched.Json["generation"]!["prompt"]);
        Assert.Equal(("contract_analysis", "Draft"), (Text(patched.Json, "type"), Text(patched.Json, "title")));
        Assert.Equal("artifact_updated", (await app.Records.EventsAsync(customer.Id, Id(created)))[^1].Type);
    }

    [Fact]
    public async Task A_type_that_is_no_kind_of_artifact_is_refused_with_422()
    {
        var (csm, customer, _) = await SeedAsync();
        var created = await CreateAsync(app.As(csm), Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "note"));

        ProblemAssert.Is(await app.As(csm).PostAsync(Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "poem")), HttpStatusCode.UnprocessableEntity, detailContains: "email_draft");
        ProblemAssert.Is(await app.As(csm).PatchAsync($"{Artifacts}/{Id(created)}", new JsonObject { ["type"] = "poem" }), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Content_too_large_to_keep_in_its_events_is_refused_with_413_counting_escaped_characters()
    {
        var (csm, customer, _) = await SeedAsync();
        var fits = Artifact(new JsonObject { ["customerId"] = customer.Id }, "note");
        fits["content"] = new string('a', 29_000);
        var created = await CreateAsync(app.As(csm), Artifacts, fits);
        var tooLong = Artifact(new JsonObject { ["customerId"] = customer.Id }, "note");
        tooLong["content"] = new string('a', 30_001);

        // 6,000 '<' are 6,000 bytes sent but 36,000 characters stored: each is escaped as \u003C.
        var escaped = Artifact(new JsonObject { ["customerId"] = customer.Id }, "note");
        escaped["content"] = new string('<', 6_000);

        ProblemAssert.Is(await app.As(csm).PostAsync(Artifacts, tooLong), HttpStatusCode.RequestEntityTooLarge, detailContains: "30,000");
        ProblemAssert.Is(await app.As(csm).PostAsync(Artifacts, escaped), HttpStatusCode.RequestEntityTooLarge);
        ProblemAssert.Is(await app.As(csm).PatchAsync($"{Artifacts}/{Id(created)}", new JsonObject { ["content"] = new string('<', 6_000) }), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(Ids(created), await ListIdsAsync(app.As(csm), $"customerId={customer.Id}"));
    }

    [Fact]
    public async Task Only_the_customers_owner_the_creator_the_tasks_assignee_and_admins_see_an_artifact()
    {
        var (owner, customer, execution) = await SeedAsync();
        var (helper, stranger) = (TestCustomers.NewUser(), TestCustomers.NewUser());
        var task = await CreateAsync(app.As(owner), Tasks, new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Help", ["assignee"] = helper });
        var byOwner = await CreateAsync(app.As(owner), Artifacts, Artifact(new JsonObject { ["taskId"] = Id(task) }, "note"));
        var byHelper = await CreateAsync(app.As(helper), Artifacts, Artifact(new JsonObject { ["taskId"] = Id(task) }, "note"));
        var ownersOther = await CreateAsync(app.As(owner), Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "note"));
        var path = $"{Artifacts}/{Id(ownersOther)}";

        Assert.Equal(Ids(byOwner, byHelper, ownersOther), await ListIdsAsync(app.As(owner), $"customerId={customer.Id}"));
        Assert.Equal(Ids(byOwner, byHelper), await ListIdsAsync(app.As(helper), $"customerId={customer.Id}"));
        Assert.Empty(await ListIdsAsync(app.As(stranger), $"customerId={customer.Id}"));
        Assert.Equal(Ids(byOwner, byHelper, ownersOther), await ListIdsAsync(app.Admin, $"customerId={customer.Id}"));
        ProblemAssert.Is(await app.As(helper).GetAsync(path), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(stranger).GetAsync($"{Artifacts}/{Id(byOwner)}"), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(stranger).PatchAsync(path, new JsonObject { ["isApproved"] = true }), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(stranger).DeleteAsync(path), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(stranger).PostAsync(Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "note")), HttpStatusCode.NotFound);
        using var unchanged = await app.As(owner).GetAsync(path);
        Assert.Equal("\"1\"", unchanged.ETag);
    }

    [Theory]
    [InlineData("""{"type": "note", "title": "x", "content": 1}""", "customerId")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "content": 1}""", "type")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "content": 1}""", "title")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x"}""", "content")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x", "content": null}""", "content")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x", "content": 1, "isApproved": true}""", "isApproved")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x", "content": 1, "generation": "gpt"}""", "generation")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x", "content": 1, "generation": {"model": 4}}""", "generation.model")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x", "content": 1, "generation": {"temperature": 1}}""", "generation.temperature")]
    [InlineData("""{"customerId": "{customer}", "taskId": "ar_0123456789abcdef_0123456789abcdef0123456789abcdef", "type": "note", "title": "x", "content": 1}""", "taskId")]
    [InlineData("""{"customerId": "{customer}", "type": "note", "title": "x", "content": {"a": "\udc00"}}""", null)]
    public async Task A_create_with_bad_input_is_answered_with_a_400_problem_naming_the_field(string body, string? field)
    {
        var (csm, customer, _) = await SeedAsync();

        using var refused = await app.As(csm).PostAsync(Artifacts, body.Replace("{customer}", customer.Id, StringComparison.Ordinal));

        ProblemAssert.Is(refused, HttpStatusCode.BadRequest, field);
        Assert.Empty(await ListIdsAsync(app.Admin, $"customerId={customer.Id}"));
    }

    [Theory]
    [InlineData("""{"isApproved": "yes"}""", "isApproved")]
    [InlineData("""{"isApproved": null}""", "isApproved")]
    [InlineData("""{"title": null}""", "title")]
    [InlineData("""{"content": null}""", "content")]
    [InlineData("""{"taskId": "tk_0123456789abcdef_0123456789abcdef0123456789abcdef"}""", "taskId")]
    [InlineData("""{"createdBy": "me"}""", "createdBy")]
    public async Task A_patch_with_bad_input_is_answered_with_a_400_problem_and_changes_nothing(string body, string field)
    {
        var (csm, customer, _) = await SeedAsync();
        var artifact = await CreateAsync(app.As(csm), Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "note"));

        ProblemAssert.Is(await app.As(csm).PatchAsync($"{Artifacts}/{Id(artifact)}", body), HttpStatusCode.BadRequest, field);
        using var read = await app.As(csm).GetAsync($"{Artifacts}/{Id(artifact)}");
        Assert.Equal("\"1\"", read.ETag);
    }

    [Fact]
    public async Task A_create_replayed_with_its_idempotency_key_answers_the_same_artifact_once_stored()
    {
        var (csm, customer, _) = await SeedAsync();
        var key = Guid.NewGuid().ToString();
        var body = Artifact(new JsonObject { ["customerId"] = customer.Id }, "note");

        using var first = await app.As(csm).PostAsync(Artifacts, body, idempotencyKey: key);
        using var again = await app.As(csm).PostAsync(Artifacts, body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(first.Json.ToJsonString(), again.Json.ToJsonString());
        Assert.Equal(Ids(first.Json), await ListIdsAsync(app.As(csm), $"customerId={customer.Id}"));
        Assert.Single(await app.Records.EventsAsync(customer.Id, Id(first.Json)));
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_a_delete_records_artifact_deleted()
    {
        var (csm, customer, _) = await SeedAsync();
        var artifact = await CreateAsync(app.As(csm), Artifacts, Artifact(new JsonObject { ["customerId"] = customer.Id }, "note"));
        var path = $"{Artifacts}/{Id(artifact)}";

        using var approved = await app.As(csm).PatchAsync(path, new JsonObject { ["isApproved"] = true }, ifMatch: "\"1\"");
        using var stale = await app.As(csm).PatchAsync(path, new JsonObject { ["isApproved"] = false }, ifMatch: "\"1\"");
        using var staleDelete = await app.As(csm).DeleteAsync(path, ifMatch: "\"1\"");
        using var deleted = await app.As(csm).DeleteAsync(path, ifMatch: "\"2\"");

        Assert.Equal("\"2\"", approved.ETag);
        ProblemAssert.Is(stale, HttpStatusCode.PreconditionFailed);
        ProblemAssert.Is(staleDelete, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        ProblemAssert.Is(await app.As(csm).GetAsync(path), HttpStatusCode.NotFound);
        Assert.Equal(["artifact_created", "artifact_approved", "artifact_deleted"], (await app.Records.EventsAsync(customer.Id, Id(artifact))).Select(e => e.Type));
    }

    private async Task<(string Csm, Customer Customer, WorkflowExecution Execution)> SeedAsync()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        return (csm, customer, await app.Records.ExecutionAsync(customer));
    }

    private static JsonObject Artifact(JsonObject owner, string type)
    {
        owner["type"] = type;
        owner["title"] = "Draft";
        owner["content"] = new JsonObject { ["text"] = "Something worth keeping." };
        return owner;
    }

    private static async Task<JsonObject> CreateAsync(WorkflowsClient client, string route, JsonObject body)
    {
        using var created = await client.PostAsync(route, body);
        Assert.True(created.Status == HttpStatusCode.Created, $"{(int)created.Status}: {created.Body?.ToJsonString()}");
        return created.Json;
    }

    private static string Id(JsonObject record) => Text(record, "id")!;

    private static string? Text(JsonObject record, string name) => record[name]?.GetValue<string>();

    private static List<string> Ids(params JsonObject[] records) => [.. records.Select(Id)];

    private static async Task<List<string>> ListIdsAsync(WorkflowsClient client, string query)
    {
        using var page = await client.GetAsync($"{Artifacts}?{query}");
        Assert.True(page.Status == HttpStatusCode.OK, $"{(int)page.Status}: {page.Body?.ToJsonString()}");
        Assert.Null(page.Json["continuation"]);
        return [.. page.Json["items"]!.AsArray().Select(i => Id(i!.AsObject()))];
    }
}
