using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Tasks;

namespace Engage.Functions.Tests.Workflows.Tasks;

/// <summary>The task routes through the local host on Azurite, with customers and executions written straight to their records.</summary>
public sealed class TaskApiTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    private const string Tasks = "/api/workflows/tasks";

    [Fact]
    public async Task A_task_is_created_with_201_its_location_and_etag_and_reads_back_as_created()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var execution = await app.Records.ExecutionAsync(customer);
        var client = app.As(csm);

        using var created = await client.PostAsync(Tasks, new JsonObject
        {
            ["customerId"] = customer.Id,
            ["workflowExecutionId"] = execution.Id,
            ["stepId"] = SeededRecords.CurrentStep,
            ["title"] = "  Call the champion  ",
            ["description"] = "Ask about the budget.\nAnd the timeline.",
            ["priority"] = "high",
            ["dueAt"] = "2030-05-01T09:00:00+02:00",
        });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var task = created.Json;
        var id = task["id"]!.GetValue<string>();
        Assert.StartsWith("tk_", id, StringComparison.Ordinal);
        Assert.Equal($"{Tasks}/{id}", created.Message.Headers.Location?.ToString());
        Assert.Equal("\"1\"", created.ETag);
        Assert.Equal("Call the champion", task["title"]!.GetValue<string>());
        Assert.Equal(csm, task["assignee"]!.GetValue<string>());
        Assert.Equal(csm, task["createdBy"]!.GetValue<string>());
        Assert.Equal(TaskStatuses.Open, task["status"]!.GetValue<string>());
        Assert.Equal("high", task["priority"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2030, 5, 1, 7, 0, 0, TimeSpan.Zero), task["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(execution.Id, task["workflowExecutionId"]!.GetValue<string>());

        using var read = await client.GetAsync($"{Tasks}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("\"1\"", read.ETag);
        Assert.True(JsonNode.DeepEquals(task, read.Json), read.Json.ToJsonString());
        var created1 = Assert.Single(await app.Records.EventsAsync(customer.Id, id));
        Assert.Equal(("task_created", csm, 1), (created1.Type, created1.Actor, created1.Version));
        Assert.Null(created1.Before);
    }

    [Fact]
    public async Task The_execution_alone_names_the_customer_and_the_assignee_may_be_someone_else()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var execution = await app.Records.ExecutionAsync(customer);

        var task = await CreateAsync(app.As(csm), new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Book the QBR", ["assignee"] = "Helper@Example.com" });

        Assert.Equal(customer.Id, task["customerId"]!.GetValue<string>());
        Assert.Equal("helper@example.com", task["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_csm_sees_the_tasks_assigned_to_them_and_those_of_their_customers_and_no_others()
    {
        var (alice, bob, helper) = (TestCustomers.NewUser(), TestCustomers.NewUser(), TestCustomers.NewUser());
        var alices = await app.Records.CustomerAsync(alice);
        var bobs = await app.Records.CustomerAsync(bob);
        var mine = await CreateAsync(app.As(alice), NewTask(alices.Id, "Alice's own"));
        var delegated = await CreateAsync(app.As(alice), NewTask(alices.Id, "Alice's, done by the helper", helper));
        var lent = await CreateAsync(app.As(bob), NewTask(bobs.Id, "Bob's, done by Alice", alice));
        var bobsOwn = await CreateAsync(app.As(bob), NewTask(bobs.Id, "Bob's own"));

        // Across customers the list is in customer id order, which is random here.
        Assert.Equal(Ids(mine, delegated, lent).Order(), (await ListIdsAsync(app.As(alice), string.Empty)).Order());
        Assert.Equal(Ids(lent, bobsOwn).Order(), (await ListIdsAsync(app.As(bob), string.Empty)).Order());
        Assert.Equal(Ids(delegated), await ListIdsAsync(app.As(helper), string.Empty));
        Assert.Equal(Ids(lent), await ListIdsAsync(app.As(alice), $"customerId={bobs.Id}"));
        Assert.Equal(Ids(mine, delegated), await ListIdsAsync(app.Admin, $"customerId={alices.Id}"));
        Assert.Equal(Ids(mine, lent).Order(), (await ListIdsAsync(app.Admin, $"assignee={Uri.EscapeDataString(alice.ToUpperInvariant())}")).Order());

        var bobsTask = $"{Tasks}/{Id(bobsOwn)}";
        ProblemAssert.Is(await app.As(alice).GetAsync(bobsTask), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(alice).PatchAsync(bobsTask, new JsonObject { ["title"] = "Mine now" }), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(alice).PatchAsync(bobsTask, new JsonObject { ["action"] = "complete" }), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(alice).DeleteAsync(bobsTask), HttpStatusCode.NotFound);
        ProblemAssert.Is(await app.As(helper).GetAsync($"{Tasks}/{Id(mine)}"), HttpStatusCode.NotFound);
        using var helperReads = await app.As(helper).GetAsync($"{Tasks}/{Id(delegated)}");
        Assert.Equal(HttpStatusCode.OK, helperReads.Status);
        using var adminReads = await app.Admin.GetAsync(bobsTask);
        Assert.Equal(HttpStatusCode.OK, adminReads.Status);
        using var unchanged = await app.As(bob).GetAsync(bobsTask);
        Assert.Equal("\"1\"", unchanged.ETag);
    }

    [Fact]
    public async Task A_task_for_a_customer_the_caller_does_not_own_is_refused_as_not_found()
    {
        var customer = await app.Records.CustomerAsync(TestCustomers.NewUser());

        using var refused = await app.As(TestCustomers.NewUser()).PostAsync(Tasks, NewTask(customer.Id, "Not mine"));

        ProblemAssert.Is(refused, HttpStatusCode.NotFound, detailContains: customer.Id);
        Assert.Empty(await ListIdsAsync(app.Admin, $"customerId={customer.Id}"));
    }

    [Fact]
    public async Task An_execution_or_step_the_customer_does_not_have_is_refused_with_422()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var execution = await app.Records.ExecutionAsync(customer);
        var client = app.As(csm);

        using var unknownExecution = await client.PostAsync(Tasks, new JsonObject
        {
            ["workflowExecutionId"] = execution.Id[..^4] + "0000",
            ["title"] = "Lost",
        });
        using var unknownStep = await client.PostAsync(Tasks, new JsonObject
        {
            ["workflowExecutionId"] = execution.Id,
            ["stepId"] = "no-such-step",
            ["title"] = "Lost",
        });

        ProblemAssert.Is(unknownExecution, HttpStatusCode.UnprocessableEntity, detailContains: "names no execution");
        ProblemAssert.Is(unknownStep, HttpStatusCode.UnprocessableEntity, detailContains: SeededRecords.CurrentStep);
    }

    [Theory]
    [InlineData("{}", "title")]
    [InlineData("""{"title": "No customer"}""", "customerId")]
    [InlineData("""{"customerId": "cu_nothex", "title": "x"}""", "customerId")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "colour": "red"}""", "colour")]
    [InlineData("""{"customerId": "{customer}", "title": 42}""", "title")]
    [InlineData("""{"customerId": "{customer}", "title": "   "}""", "title")]
    [InlineData("""{"customerId": "{customer}", "title": "a\u0007b"}""", "title")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "priority": "whenever"}""", "priority")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "dueAt": "tomorrow"}""", "dueAt")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "dueAt": "2030-05-01T09:00:00"}""", "dueAt")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "stepId": "outreach"}""", "stepId")]
    [InlineData("""{"customerId": "cu_0000000000000000", "workflowExecutionId": "{execution}", "title": "x"}""", "workflowExecutionId")]
    [InlineData("""{"customerId": "{customer}", "title": "x", "title": "y"}""", null)]
    [InlineData("""{"customerId": "{customer}", "title": "\ud800"}""", null)]
    [InlineData("""["title"]""", null)]
    [InlineData("not json", null)]
    [InlineData("", null)]
    public async Task A_create_with_bad_input_is_answered_with_a_400_problem_naming_the_field(string body, string? field)
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var execution = await app.Records.ExecutionAsync(customer);

        using var refused = await app.As(csm).PostAsync(Tasks, body.Replace("{customer}", customer.Id, StringComparison.Ordinal).Replace("{execution}", execution.Id, StringComparison.Ordinal));

        ProblemAssert.Is(refused, HttpStatusCode.BadRequest, field);
        Assert.Empty(await ListIdsAsync(app.Admin, $"customerId={customer.Id}"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);

        using var refused = await app.As(csm).PostAsync(Tasks, NewTask(customer.Id, new string('a', 70 * 1024)));

        ProblemAssert.Is(refused, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("status=done")]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("dueBefore=yesterday")]
    [InlineData("customerId=cu_123")]
    [InlineData("workflowExecutionId=tk_0123456789abcdef_0123456789abcdef0123456789abcdef")]
    [InlineData("continuation=!!!")]
    [InlineData("continuation=eyJ4IjoxfQ")]
    public async Task A_list_with_a_bad_query_is_answered_with_a_400_problem(string query)
    {
        using var refused = await app.As(TestCustomers.NewUser()).GetAsync($"{Tasks}?{query}");

        ProblemAssert.Is(refused, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"action": "archive"}""", "action")]
    [InlineData("""{"action": "snooze"}""", "until")]
    [InlineData("""{"action": "snooze", "until": "2001-01-01T00:00:00Z"}""", "until")]
    [InlineData("""{"action": "reassign"}""", "assignee")]
    [InlineData("""{"action": "complete", "title": "x"}""", "title")]
    [InlineData("""{"action": "complete", "until": "2040-01-01T00:00:00Z"}""", "until")]
    [InlineData("""{"status": "completed"}""", "status")]
    [InlineData("""{"title": null}""", "title")]
    [InlineData("""{"assignee": null}""", "assignee")]
    [InlineData("""{"priority": "now"}""", "priority")]
    [InlineData("""{"customerId": "cu_0000000000000000"}""", "customerId")]
    public async Task A_patch_with_bad_input_is_answered_with_a_400_problem_and_changes_nothing(string body, string field)
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var task = await CreateAsync(app.As(csm), NewTask(customer.Id, "Unchanged"));

        using var refused = await app.As(csm).PatchAsync($"{Tasks}/{Id(task)}", body);

        ProblemAssert.Is(refused, HttpStatusCode.BadRequest, field);
        using var read = await app.As(csm).GetAsync($"{Tasks}/{Id(task)}");
        Assert.Equal("\"1\"", read.ETag);
    }

    [Fact]
    public async Task A_create_replayed_with_its_idempotency_key_answers_the_same_task_and_stores_one_row_and_one_event()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var key = Guid.NewGuid().ToString();
        var client = app.As(csm);

        using var first = await client.PostAsync(Tasks, NewTask(customer.Id, "Once"), idempotencyKey: key);
        using var again = await client.PostAsync(Tasks, NewTask(customer.Id, "Once"), idempotencyKey: key);
        using var otherBody = await client.PostAsync(Tasks, NewTask(customer.Id, "Twice"), idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal("true", again.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Json.ToJsonString(), again.Json.ToJsonString());
        Assert.Equal(first.Message.Headers.Location, again.Message.Headers.Location);
        ProblemAssert.Is(otherBody, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(Ids(first.Json), await ListIdsAsync(app.Admin, $"customerId={customer.Id}"));
        Assert.Single(await app.Records.EventsAsync(customer.Id, Id(first.Json)));
    }

    [Fact]
    public async Task A_write_with_a_stale_if_match_is_refused_with_412_and_changes_nothing()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var task = await CreateAsync(app.As(csm), NewTask(customer.Id, "First"));
        var path = $"{Tasks}/{Id(task)}";
        var client = app.As(csm);

        using var changed = await client.PatchAsync(path, new JsonObject { ["title"] = "Second" }, ifMatch: "\"1\"");
        using var stalePatch = await client.PatchAsync(path, new JsonObject { ["title"] = "Third" }, ifMatch: "\"1\"");
        using var staleAction = await client.PatchAsync(path, new JsonObject { ["action"] = "complete" }, ifMatch: "\"1\"");
        using var staleDelete = await client.DeleteAsync(path, ifMatch: "\"1\"");
        using var read = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("\"2\"", changed.ETag);
        ProblemAssert.Is(stalePatch, HttpStatusCode.PreconditionFailed);
        ProblemAssert.Is(staleAction, HttpStatusCode.PreconditionFailed);
        ProblemAssert.Is(staleDelete, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"2\"", read.ETag);
        Assert.Equal(("Second", TaskStatuses.Open), (read.Json["title"]!.GetValue<string>(), read.Json["status"]!.GetValue<string>()));
        Assert.Equal(2, (await app.Records.EventsAsync(customer.Id, Id(task))).Count);
    }

    [Fact]
    public async Task A_field_patch_changes_the_fields_it_names_null_clears_an_optional_one_and_no_change_writes_nothing()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var task = await CreateAsync(app.As(csm), new JsonObject
        {
            ["customerId"] = customer.Id,
            ["title"] = "Draft the proposal",
            ["description"] = "With the new pricing.",
            ["dueAt"] = "2030-01-01T00:00:00Z",
        });
        var path = $"{Tasks}/{Id(task)}";

        using var patched = await app.As(csm).PatchAsync(path, new JsonObject { ["title"] = "Send the proposal", ["description"] = null, ["priority"] = "urgent" });
        using var same = await app.As(csm).PatchAsync(path, new JsonObject { ["title"] = "Send the proposal" });

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("Send the proposal", patched.Json["title"]!.GetValue<string>());
        Assert.Null(patched.Json["description"]);
        Assert.Equal("urgent", patched.Json["priority"]!.GetValue<string>());
        Assert.Equal(task["dueAt"]!.GetValue<DateTimeOffset>(), patched.Json["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal("\"2\"", same.ETag);
        var events = await app.Records.EventsAsync(customer.Id, Id(task));
        Assert.Equal(["task_created", "task_updated"], events.Select(e => e.Type));
        Assert.Equal("Draft the proposal", JsonNode.Parse(events[1].Before!)!["title"]!.GetValue<string>());
        Assert.Equal("Send the proposal", JsonNode.Parse(events[1].After!)!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_actions_move_a_task_through_its_life_each_with_its_event_and_a_409_when_it_is_there_already()
    {
        var csm = TestCustomers.NewUser();
        var colleague = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var task = await CreateAsync(app.As(csm), NewTask(customer.Id, "Chase the signature"));
        var path = $"{Tasks}/{Id(task)}";
        var client = app.As(csm);
        var until = DateTimeOffset.UtcNow.AddHours(3);

        using var completed = await client.PatchAsync(path, new JsonObject { ["action"] = "complete", ["reason"] = "signed" });
        using var completedAgain = await client.PatchAsync(path, new JsonObject { ["action"] = "complete" });
        using var reopened = await client.PatchAsync(path, new JsonObject { ["action"] = "reopen" });
        using var reopenedAgain = await client.PatchAsync(path, new JsonObject { ["action"] = "reopen" });
        using var reassigned = await client.PatchAsync(path, new JsonObject { ["action"] = "reassign", ["assignee"] = colleague });
        using var reassignedAgain = await client.PatchAsync(path, new JsonObject { ["action"] = "reassign", ["assignee"] = colleague });
        using var snoozed = await client.PatchAsync(path, new JsonObject { ["action"] = "snooze", ["until"] = until.ToString("O") });

        Assert.Equal(TaskStatuses.Completed, completed.Json["status"]!.GetValue<string>());
        Assert.Equal(csm, completed.Json["completedBy"]!.GetValue<string>());
        Assert.NotNull(completed.Json["completedAt"]);
        ProblemAssert.Is(completedAgain, HttpStatusCode.Conflict, detailContains: "already completed");
        Assert.Equal(TaskStatuses.Open, reopened.Json["status"]!.GetValue<string>());
        Assert.Null(reopened.Json["completedAt"]);
        ProblemAssert.Is(reopenedAgain, HttpStatusCode.Conflict);
        Assert.Equal(colleague, reassigned.Json["assignee"]!.GetValue<string>());
        ProblemAssert.Is(reassignedAgain, HttpStatusCode.Conflict);
        Assert.Equal(TaskStatuses.Snoozed, snoozed.Json["status"]!.GetValue<string>());
        Assert.Equal(until.ToUniversalTime(), snoozed.Json["snoozedUntil"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("\"5\"", snoozed.ETag);
        var events = await app.Records.EventsAsync(customer.Id, Id(task));
        Assert.Equal(["task_created", "task_completed", "task_reopened", "task_reassigned", "task_snoozed"], events.Select(e => e.Type));
        Assert.Equal("signed", events[1].Reason);
        Assert.All(events, e => Assert.Equal(csm, e.Actor));
        using var colleagueReads = await app.As(colleague).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, colleagueReads.Status);
    }

    [Fact]
    public async Task A_snoozed_task_reads_open_again_once_its_time_has_come()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var task = await CreateAsync(app.As(csm), NewTask(customer.Id, "Wait for the budget"));
        var path = $"{Tasks}/{Id(task)}";
        var until = DateTimeOffset.UtcNow.AddSeconds(3);

        using var snoozed = await app.As(csm).PatchAsync(path, new JsonObject { ["action"] = "snooze", ["until"] = until.ToString("O") });

        Assert.Equal(TaskStatuses.Snoozed, snoozed.Json["status"]!.GetValue<string>());
        Assert.Equal(Ids(task), await ListIdsAsync(app.As(csm), $"customerId={customer.Id}&status=snoozed"));
        Assert.Empty(await ListIdsAsync(app.As(csm), $"customerId={customer.Id}&status=open"));
        await Task.Delay(until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        using var read = await app.As(csm).GetAsync(path);
        Assert.Equal(TaskStatuses.Open, read.Json["status"]!.GetValue<string>());
        Assert.Equal(Ids(task), await ListIdsAsync(app.As(csm), $"customerId={customer.Id}&status=open"));
        Assert.Empty(await ListIdsAsync(app.As(csm), $"customerId={customer.Id}&status=snoozed"));
        Assert.Equal(2, (await app.Records.EventsAsync(customer.Id, Id(task))).Count);
    }

    [Fact]
    public async Task The_list_filters_by_execution_status_assignee_and_due_date_and_pages_with_its_continuation()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var execution = await app.Records.ExecutionAsync(customer);
        var client = app.As(csm);
        var early = await CreateAsync(client, new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Early", ["dueAt"] = "2030-01-01T00:00:00Z" });
        var late = await CreateAsync(client, new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Late", ["dueAt"] = "2031-01-01T00:00:00Z" });
        var done = await CreateAsync(client, new JsonObject { ["workflowExecutionId"] = execution.Id, ["title"] = "Done" });
        var loose = await CreateAsync(client, NewTask(customer.Id, "Loose", "someone@example.com"));
        var undated = await CreateAsync(client, NewTask(customer.Id, "Undated"));
        using var completed = await client.PatchAsync($"{Tasks}/{Id(done)}", new JsonObject { ["action"] = "complete" });

        Assert.Equal(Ids(early, late, done), await ListIdsAsync(client, $"workflowExecutionId={execution.Id}"));
        Assert.Equal(Ids(done), await ListIdsAsync(client, $"customerId={customer.Id}&status=completed"));
        Assert.Equal(Ids(early, late, loose, undated), await ListIdsAsync(client, $"customerId={customer.Id}&status=open"));
        Assert.Equal(Ids(early), await ListIdsAsync(client, $"customerId={customer.Id}&dueBefore=2030-06-01T00:00:00Z"));
        Assert.Equal(Ids(loose), await ListIdsAsync(client, $"customerId={customer.Id}&assignee=someone@example.com"));

        var pages = new List<int>();
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            using var page = await client.GetAsync($"{Tasks}?customerId={customer.Id}&limit=2{(continuation is null ? string.Empty : "&continuation=" + continuation)}");
            var items = page.Json["items"]!.AsArray();
            pages.Add(items.Count);
            seen.AddRange(items.Select(i => Id(i!.AsObject())));
            continuation = page.Json["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);

        Assert.Equal(Ids(early, late, done, loose, undated), seen);
        Assert.Equal([2, 2, 1], pages);
        var other = await app.Records.CustomerAsync(csm);
        using var first = await client.GetAsync($"{Tasks}?customerId={customer.Id}&limit=1");
        ProblemAssert.Is(await client.GetAsync($"{Tasks}?customerId={other.Id}&continuation={first.Json["continuation"]!.GetValue<string>()}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Completing_a_task_of_a_step_that_does_not_complete_with_it_leaves_the_execution_as_it_is()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var execution = await app.Records.ExecutionAsync(customer, completesWithTask: false);
        var task = await CreateAsync(app.As(csm), new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = SeededRecords.CurrentStep, ["title"] = "Talk" });

        using var completed = await app.As(csm).PatchAsync($"{Tasks}/{Id(task)}", new JsonObject { ["action"] = "complete" });

        Assert.Equal(HttpStatusCode.OK, completed.Status);
        var after = await app.Records.FindAsync<WorkflowExecution>(customer.Id, execution.RowKey);
        Assert.Equal(execution.Version, after!.Version);
    }

    [Fact]
    public async Task A_deleted_task_is_gone_with_its_task_deleted_event_and_a_replayed_delete_answers_204_again()
    {
        var csm = TestCustomers.NewUser();
        var customer = await app.Records.CustomerAsync(csm);
        var task = await CreateAsync(app.As(csm), NewTask(customer.Id, "Obsolete"));
        var path = $"{Tasks}/{Id(task)}";
        var key = Guid.NewGuid().ToString();

        using var deleted = await app.As(csm).DeleteAsync(path, idempotencyKey: key, ifMatch: "\"1\"");
        using var replayed = await app.As(csm).DeleteAsync(path, idempotencyKey: key);
        using var again = await app.As(csm).DeleteAsync(path);
        using var read = await app.As(csm).GetAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NoContent, replayed.Status);
        ProblemAssert.Is(again, HttpStatusCode.NotFound);
        ProblemAssert.Is(read, HttpStatusCode.NotFound);
        var last = (await app.Records.EventsAsync(customer.Id, Id(task)))[^1];
        Assert.Equal(("task_deleted", 2), (last.Type, last.Version));
        Assert.NotNull(last.Before);
        Assert.Null(last.After);
    }

    private static JsonObject NewTask(string customerId, string title, string? assignee = null)
    {
        var task = new JsonObject { ["customerId"] = customerId, ["title"] = title };
        if (assignee is not null)
        {
            task["assignee"] = assignee;
        }

        return task;
    }

    private static async Task<JsonObject> CreateAsync(WorkflowsClient client, JsonObject task)
    {
        using var created = await client.PostAsync(Tasks, task);
        Assert.True(created.Status == HttpStatusCode.Created, $"{(int)created.Status}: {created.Body?.ToJsonString()}");
        return created.Json;
    }

    private static string Id(JsonObject record) => record["id"]!.GetValue<string>();

    private static List<string> Ids(params JsonObject[] records) => [.. records.Select(Id)];

    /// <summary>The ids of every task the list shows, following its continuation to the end.</summary>
    private static async Task<List<string>> ListIdsAsync(WorkflowsClient client, string query)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            using var page = await client.GetAsync($"{Tasks}?{query}&limit=200{(continuation is null ? string.Empty : "&continuation=" + continuation)}");
            Assert.True(page.Status == HttpStatusCode.OK, $"{(int)page.Status}: {page.Body?.ToJsonString()}");
            ids.AddRange(page.Json["items"]!.AsArray().Select(i => Id(i!.AsObject())));
            continuation = page.Json["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);

        return ids;
    }
}
