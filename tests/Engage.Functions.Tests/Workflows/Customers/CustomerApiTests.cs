using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Tests.Workflows.Customers;

public sealed class CustomerApiTests(CustomersApp app) : IClassFixture<CustomersApp>
{
    [Fact]
    public async Task A_customer_is_created_read_patched_and_deleted_with_its_versions_and_events()
    {
        var client = app.Admin;
        var domain = CustomersApp.NewDomain();

        using var created = await client.PostAsync("/api/customers", CustomersApp.Fields("https://www." + domain.ToUpperInvariant() + "/about"));
        var id = created.Json["id"]!.GetValue<string>();
        using var read = await client.GetAsync($"/api/customers/{id}");
        using var patched = await client.PatchAsync($"/api/customers/{id}", new JsonObject { ["healthScore"] = 60, ["usage"] = new JsonObject { ["utilization"] = 0.4 } }, ifMatch: "\"1\"");
        using var stale = await client.PatchAsync($"/api/customers/{id}", new JsonObject { ["healthScore"] = 50 }, ifMatch: "\"1\"");
        using var events = await client.GetAsync($"/api/customers/{id}/events");
        using var staleDelete = await client.DeleteAsync($"/api/customers/{id}", ifMatch: "\"1\"");
        using var deleted = await client.DeleteAsync($"/api/customers/{id}", ifMatch: "\"2\"");
        using var gone = await client.GetAsync($"/api/customers/{id}");
        using var goneEvents = await client.GetAsync($"/api/customers/{id}/events");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"/api/customers/{id}", created.Message.Headers.Location!.ToString());
        Assert.Equal("\"1\"", created.ETag);
        Assert.True(RecordId.IsCustomer(id));
        Assert.Equal(domain, created.Json["domain"]!.GetValue<string>());
        Assert.Equal((AccountPlans.Expand, RenewalStages.Finalize), (created.Json["accountPlan"]!.GetValue<string>(), created.Json["renewalStage"]!.GetValue<string>()));
        Assert.Equal(CustomersApp.InDays(-30), created.Json["lastQbrDate"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("\"1\"", read.ETag);
        Assert.True(JsonNode.DeepEquals(created.Json, read.Json));

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("\"2\"", patched.ETag);
        Assert.Equal(AccountPlans.Invest, patched.Json["accountPlan"]!.GetValue<string>());
        Assert.Equal(120, patched.Json["usage"]!["activeUsers"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);

        var items = events.Json["items"]!.AsArray();
        Assert.Equal([CustomerStore.Created, CustomerStore.Updated], items.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(80, items[1]!["before"]!["healthScore"]!.GetValue<int>());
        Assert.Equal(60, items[1]!["after"]!["healthScore"]!.GetValue<int>());
        Assert.Contains("healthScore", items[1]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(CallerIdentity.DefaultDevelopmentUser, items[1]!["actor"]!.GetValue<string>());
        Assert.Null(events.Json["continuation"]);

        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(HttpStatusCode.NotFound, goneEvents.Status);
        await foreach (var remaining in app.Service<CustomerRecords>().EventsAsync(id, null, CancellationToken.None))
        {
            Assert.Fail($"event {remaining.RowKey} outlived its customer");
        }
    }

    [Fact]
    public async Task A_retried_command_with_its_idempotency_key_is_answered_again_and_the_key_with_another_body_is_refused()
    {
        var client = app.Admin;
        var fields = CustomersApp.Fields(CustomersApp.NewDomain());

        using var first = await client.PostAsync("/api/customers", fields, idempotencyKey: "create-1");
        using var again = await client.PostAsync("/api/customers", fields, idempotencyKey: "create-1");
        using var reused = await client.PostAsync("/api/customers", CustomersApp.Fields(CustomersApp.NewDomain()), idempotencyKey: "create-1");
        var id = first.Json["id"]!.GetValue<string>();
        using var deleted = await client.DeleteAsync($"/api/customers/{id}", idempotencyKey: "delete-1");
        using var deletedAgain = await client.DeleteAsync($"/api/customers/{id}", idempotencyKey: "delete-1");

        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal("true", again.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(id, again.Json["id"]!.GetValue<string>());
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.Message.Headers.Location, again.Message.Headers.Location);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NoContent, deletedAgain.Status);
        Assert.Equal("true", deletedAgain.Message.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Of_concurrent_creates_for_one_domain_exactly_one_succeeds_and_the_others_are_conflicts()
    {
        var domain = CustomersApp.NewDomain();
        string[] spellings = [domain, "www." + domain, "https://" + domain + "/", domain.ToUpperInvariant(), "http://www." + domain + "/pricing", domain + ".", " " + domain, "HTTPS://WWW." + domain];

        var answers = await Task.WhenAll(spellings.Select(spelling => app.Admin.PostAsync("/api/customers", CustomersApp.Fields(spelling))));

        using var later = await app.Admin.PostAsync("/api/customers", CustomersApp.Fields(domain));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.Status));
        var holder = answers.Single(a => a.Status == HttpStatusCode.Created).Json["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, later.Status);
        Assert.Contains(holder, later.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Changing_a_domain_claims_the_new_one_and_frees_the_old_one()
    {
        var client = app.Admin;
        var (first, second, third) = (CustomersApp.NewDomain(), CustomersApp.NewDomain(), CustomersApp.NewDomain());
        var a = (await CustomersApp.CreateAsync(client, CustomersApp.Fields(first)))["id"]!.GetValue<string>();
        var b = (await CustomersApp.CreateAsync(client, CustomersApp.Fields(second)))["id"]!.GetValue<string>();

        using var taken = await client.PatchAsync($"/api/customers/{b}", new JsonObject { ["domain"] = first });
        using var moved = await client.PatchAsync($"/api/customers/{a}", new JsonObject { ["domain"] = third });
        using var reused = await client.PostAsync("/api/customers", CustomersApp.Fields(first));
        using var stillTaken = await client.PostAsync("/api/customers", CustomersApp.Fields(third));

        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Contains(a, taken.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(third, moved.Json["domain"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, reused.Status);
        Assert.Equal(HttpStatusCode.Conflict, stillTaken.Status);
        Assert.Equal(a, (await app.Service<CustomerStore>().FindByDomainAsync(third, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task A_customers_events_page_oldest_first()
    {
        var id = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), health: 70)))["id"]!.GetValue<string>();
        foreach (var health in new[] { 60, 50 })
        {
            (await app.Admin.PatchAsync($"/api/customers/{id}", new JsonObject { ["healthScore"] = health })).Dispose();
        }

        var versions = new List<int>();
        string? continuation = null;
        var pages = 0;
        do
        {
            using var page = await app.Admin.GetAsync($"/api/customers/{id}/events?limit=2" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation)));
            versions.AddRange(page.Json["items"]!.AsArray().Select(e => e!["version"]!.GetValue<int>()));
            continuation = page.Json["continuation"]?.GetValue<string>();
            pages++;
        }
        while (continuation is not null);

        Assert.Equal([1, 2, 3], versions);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_writes_nothing()
    {
        var created = await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), health: 75));
        var id = created["id"]!.GetValue<string>();

        using var same = await app.Admin.PatchAsync($"/api/customers/{id}", new JsonObject { ["healthScore"] = 75, ["name"] = created["name"]!.GetValue<string>() });
        using var events = await app.Admin.GetAsync($"/api/customers/{id}/events");

        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal("\"1\"", same.ETag);
        Assert.Single(events.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_sees_and_changes_only_the_customers_they_own()
    {
        var (owner, other) = (TestCustomers.NewUser(), TestCustomers.NewUser());
        var mine = app.As(owner.ToUpperInvariant());
        var theirs = app.As(other);
        var created = await CustomersApp.CreateAsync(mine, CustomersApp.Fields(CustomersApp.NewDomain()));
        var id = created["id"]!.GetValue<string>();
        var path = $"/api/customers/{id}";

        using var hidden = await theirs.GetAsync(path);
        using var hiddenPatch = await theirs.PatchAsync(path, new JsonObject { ["healthScore"] = 1 });
        using var hiddenDelete = await theirs.DeleteAsync(path);
        using var hiddenEvents = await theirs.GetAsync(path + "/events");
        using var theirList = await theirs.GetAsync("/api/customers?limit=200");
        using var askedForOthers = await mine.GetAsync($"/api/customers?owner={Uri.EscapeDataString(other)}");
        using var giveAway = await mine.PatchAsync(path, new JsonObject { ["owner"] = other });
        using var disown = await mine.PatchAsync(path, new JsonObject { ["owner"] = null });
        using var createForOthers = await mine.PostAsync("/api/customers", CustomersApp.Fields(CustomersApp.NewDomain(), owner: other));
        using var createForSelf = await mine.PostAsync("/api/customers", CustomersApp.Fields(CustomersApp.NewDomain(), owner: owner));
        using var myList = await mine.GetAsync("/api/customers");
        using var reassigned = await app.Admin.PatchAsync(path, new JsonObject { ["owner"] = other });
        using var nowHidden = await mine.GetAsync(path);
        using var nowVisible = await theirs.GetAsync(path);

        Assert.Equal(owner, created["owner"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal(HttpStatusCode.NotFound, hiddenPatch.Status);
        Assert.Equal(HttpStatusCode.NotFound, hiddenDelete.Status);
        Assert.Equal(HttpStatusCode.NotFound, hiddenEvents.Status);
        Assert.Empty(theirList.Json["items"]!.AsArray());
        Assert.Empty(askedForOthers.Json["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, giveAway.Status);
        Assert.Equal(HttpStatusCode.Forbidden, disown.Status);
        Assert.Equal(HttpStatusCode.Forbidden, createForOthers.Status);
        Assert.Equal(HttpStatusCode.Created, createForSelf.Status);
        Assert.Equal(2, myList.Json["items"]!.AsArray().Count);
        Assert.All(myList.Json["items"]!.AsArray(), c => Assert.Equal(owner, c!["owner"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, reassigned.Status);
        Assert.Equal(HttpStatusCode.NotFound, nowHidden.Status);
        Assert.Equal(HttpStatusCode.OK, nowVisible.Status);
    }

    [Fact]
    public async Task The_list_filters_by_owner_plan_and_stage_and_pages_on()
    {
        var owner = TestCustomers.NewUser();
        await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), owner, health: 90, arr: 500_000, renewal: CustomersApp.InDays(10)));
        await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), owner, health: 40, arr: 500_000, renewal: CustomersApp.InDays(200)));
        await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), owner, health: 40, arr: 20_000, renewal: CustomersApp.InDays(10)));
        var mine = $"/api/customers?owner={Uri.EscapeDataString(owner)}";

        using var firstPage = await app.Admin.GetAsync(mine + "&limit=2");
        using var secondPage = await app.Admin.GetAsync(mine + "&limit=2&continuation=" + firstPage.Json["continuation"]!.GetValue<string>());
        using var invest = await app.Admin.GetAsync(mine + "&accountPlan=INVEST");
        using var critical = await app.Admin.GetAsync(mine + "&renewalStage=critical");
        using var both = await app.Admin.GetAsync(mine + "&renewalStage=Critical&accountPlan=monitor");
        using var asOwner = await app.As(owner).GetAsync("/api/customers?renewalStage=Critical");

        var ids = firstPage.Json["items"]!.AsArray().Concat(secondPage.Json["items"]!.AsArray()).Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, firstPage.Json["items"]!.AsArray().Count);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Null(secondPage.Json["continuation"]);
        Assert.Equal(AccountPlans.Invest, Assert.Single(invest.Json["items"]!.AsArray())!["accountPlan"]!.GetValue<string>());
        Assert.Equal(2, critical.Json["items"]!.AsArray().Count);
        Assert.Equal(20_000, Assert.Single(both.Json["items"]!.AsArray())!["arr"]!.GetValue<double>());
        Assert.Equal(2, asOwner.Json["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("?accountPlan=grow", "accountPlan must be one of invest, manage, monitor, expand")]
    [InlineData("?renewalStage=soon", "renewalStage must be one of Overdue, Emergency, Critical, Signature, Finalize, Negotiate, Engage, Prepare, Monitor")]
    [InlineData("?limit=0", "limit must be from 1 to 200")]
    [InlineData("?limit=201", "limit must be from 1 to 200")]
    [InlineData("?continuation=eyJ4IjoxfQ", "continuation is not a token")]
    [InlineData("?owner=maya%0D%0Ax-injected", "owner is a user id of at most 254 characters, without control characters")]
    [InlineData("?owner=maya%00", "owner is a user id of at most 254 characters, without control characters")]
    public async Task A_list_query_that_is_wrong_is_a_problem_naming_what_is_allowed(string query, string detail)
    {
        using var answer = await app.Admin.GetAsync("/api/customers" + query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(detail, answer.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_that_says_what_is_wrong_and_nothing_is_written()
    {
        var client = app.Admin;
        var id = (await CustomersApp.CreateAsync(client, CustomersApp.Fields(CustomersApp.NewDomain())))["id"]!.GetValue<string>();
        var path = $"/api/customers/{id}";

        using var noName = await client.PostAsync("/api/customers", new JsonObject { ["domain"] = CustomersApp.NewDomain() });
        using var notJson = await client.PostAsync("/api/customers", "{\"name\": ");
        using var twice = await client.PostAsync("/api/customers", "{\"name\": \"a\", \"name\": \"b\", \"domain\": \"x.example\"}");
        using var surrogate = await client.PostAsync("/api/customers", "{\"name\": \"\\ud800\", \"domain\": \"x.example\"}");
        using var array = await client.PostAsync("/api/customers", "[]");
        using var derived = await client.PostAsync("/api/customers", new JsonObject { ["name"] = "x", ["domain"] = CustomersApp.NewDomain(), ["accountPlan"] = "expand" });
        using var huge = await client.PostAsync("/api/customers", new JsonObject { ["name"] = new string('x', 20_000), ["domain"] = CustomersApp.NewDomain() });
        using var stage = await client.PatchAsync(path, new JsonObject { ["renewalStage"] = "Monitor" });
        using var unknown = await client.PatchAsync(path, new JsonObject { ["health_score"] = 5 });
        using var wrong = await client.PatchAsync(path, new JsonObject { ["healthScore"] = 500, ["renewalDate"] = "soon" });
        using var missing = await client.PatchAsync("/api/customers/cu_0123456789abcdef", new JsonObject { ["healthScore"] = 5 });
        using var malformed = await client.GetAsync("/api/customers/not-an-id");
        using var badEvents = await client.GetAsync(path + "/events?continuation=garbage");
        using var events = await client.GetAsync(path + "/events");

        Assert.Equal(HttpStatusCode.BadRequest, noName.Status);
        Assert.Equal("name is required.", noName.Json["errors"]!["name"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Contains("not valid JSON", notJson.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Equal(HttpStatusCode.BadRequest, surrogate.Status);
        Assert.Contains("not valid text", surrogate.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, array.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, derived.Status);
        Assert.Contains("accountPlan", derived.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stage.Status);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("not a customer field", unknown.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(["healthScore", "renewalDate"], wrong.Json["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, malformed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badEvents.Status);
        Assert.Single(events.Json["items"]!.AsArray());
        foreach (var problem in new[] { noName, notJson, twice, surrogate, array, derived, huge, stage, unknown, wrong, missing, malformed, badEvents })
        {
            Assert.Equal("application/problem+json", problem.Message.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task A_property_name_that_is_no_text_is_a_problem_and_not_a_server_error()
    {
        var client = app.Admin;
        var id = (await CustomersApp.CreateAsync(client, CustomersApp.Fields(CustomersApp.NewDomain())))["id"]!.GetValue<string>();
        const string Body = "{\"name\": \"Acme\", \"\\ud800\": 1}";

        using var created = await client.PostAsync("/api/customers", Body);
        using var patched = await client.PatchAsync($"/api/customers/{id}", Body);
        using var imported = await client.PostAsync("/api/customers/import", $"[{Body}]");

        foreach (var answer in new[] { created, patched, imported })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Contains("property name that is not valid text", answer.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_customer_with_open_executions_is_not_deleted_until_they_end_and_then_goes_with_its_whole_partition()
    {
        var records = app.Service<CustomerRecords>();
        var id = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain())))["id"]!.GetValue<string>();
        var execution = await TestExecutions.SaveAsync(records, id, owner: null);

        using var refused = await app.Admin.DeleteAsync($"/api/customers/{id}");
        await TestExecutions.EndAsync(records, execution);
        using var deleted = await app.Admin.DeleteAsync($"/api/customers/{id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("has active or snoozed workflow executions", refused.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Null(await records.FindAsync<Engage.Functions.Workflows.Executions.WorkflowExecution>(id, execution.RowKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_change_of_a_customer_reranks_its_executions_in_the_queue()
    {
        var owner = TestCustomers.NewUser();
        var created = await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), owner, health: 90));
        var id = created["id"]!.GetValue<string>();
        var store = app.Service<CustomerStore>();
        var queue = app.Service<WorkflowQueue>();
        var execution = await TestExecutions.SaveAsync(app.Service<CustomerRecords>(), id, owner);
        await queue.SyncAsync(execution, (await store.FindAsync(id, CancellationToken.None))!, store.Today, CancellationToken.None);
        var before = Assert.Single((await queue.PageAsync(owner, 10, null, CancellationToken.None)).Entries);

        using var patched = await app.Admin.PatchAsync($"/api/customers/{id}", new JsonObject { ["healthScore"] = 10 });
        var after = Assert.Single((await queue.PageAsync(owner, 10, null, CancellationToken.None)).Entries);

        Assert.Equal(execution.Id, after.ExecutionId);
        Assert.True(after.PriorityScore > before.PriorityScore, $"{after.PriorityScore} is not above {before.PriorityScore}");
        Assert.Equal(PriorityScore.For((await store.FindAsync(id, CancellationToken.None))!, store.Today, escalated: false), after.PriorityScore);
        Assert.Equal(AccountPlans.Invest, after.AccountPlan);
    }
}
