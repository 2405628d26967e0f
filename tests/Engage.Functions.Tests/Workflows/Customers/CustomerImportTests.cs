using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Tests.Workflows.Customers;

public sealed class CustomerImportTests(CustomersApp app) : IClassFixture<CustomersApp>
{
    [Fact]
    public async Task A_json_import_creates_new_domains_updates_known_ones_and_reports_each_row_it_could_not_import()
    {
        var (known, fresh, nameless, another) = (CustomersApp.NewDomain(), CustomersApp.NewDomain(), CustomersApp.NewDomain(), CustomersApp.NewDomain());
        var existing = await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(known, health: 80));
        var rows = new JsonArray(
            new JsonObject { ["domain"] = "www." + known, ["healthScore"] = 55 },
            new JsonObject { ["name"] = "Fresh", ["domain"] = fresh, ["arr"] = 90_000, ["healthScore"] = 90 },
            new JsonObject { ["domain"] = nameless },
            new JsonObject { ["name"] = "Bad", ["domain"] = "not a domain" },
            5,
            new JsonObject { ["domain"] = fresh, ["industry"] = "Retail" },
            new JsonObject { ["name"] = "Planned", ["domain"] = another, ["accountPlan"] = "expand" });

        using var report = await app.Admin.PostAsync("/api/customers/import", rows);
        var store = app.Service<CustomerStore>();
        var updated = await store.FindByDomainAsync(known, CancellationToken.None);
        var created = await store.FindByDomainAsync(fresh, CancellationToken.None);
        using var events = await app.Admin.GetAsync($"/api/customers/{existing["id"]}/events");

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(1, report.Json["created"]!.GetValue<int>());
        Assert.Equal(2, report.Json["updated"]!.GetValue<int>());
        var failed = report.Json["failed"]!.AsArray();
        Assert.Equal([3, 4, 5, 7], failed.Select(f => f!["row"]!.GetValue<int>()));
        Assert.Equal(nameless, failed[0]!["domain"]!.GetValue<string>());
        Assert.Contains("name is required", failed[0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("not a domain", failed[1]!["domain"]!.GetValue<string>());
        Assert.Null(failed[2]!["domain"]);
        Assert.Contains("accountPlan", failed[3]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((55, existing["id"]!.GetValue<string>()), (updated!.HealthScore, updated.Id));
        Assert.Equal(AccountPlans.Invest, updated.AccountPlan);
        Assert.Equal(("Fresh", "Retail", AccountPlans.Manage), (created!.Name, created.Industry, created.AccountPlan));
        Assert.Null(await store.FindByDomainAsync(nameless, CancellationToken.None));
        Assert.Null(await store.FindByDomainAsync(another, CancellationToken.None));
        Assert.Equal("imported (row 1); changed healthScore, accountPlan", events.Json["items"]!.AsArray()[^1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_csv_import_upserts_by_domain_the_same_way()
    {
        var (known, fresh) = (CustomersApp.NewDomain(), CustomersApp.NewDomain());
        await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(known, health: 80));
        var csv = "domain,name,arr,healthScore,renewalDate,csm,activeUsers,utilization\r\n"
            + $"{known},,,,{CustomersApp.InDays(5)},Tom Becker,,\r\n"
            + $"{fresh},\"Fresh, Inc.\",250000,40,{CustomersApp.InDays(100)},,300,0.5\r\n"
            + $"{CustomersApp.NewDomain()},Broken,lots,,,,,\r\n";

        using var report = await app.Admin.SendAsync(HttpMethod.Post, "/api/customers/import", csv, contentType: "text/csv");
        var store = app.Service<CustomerStore>();
        var updated = await store.FindByDomainAsync(known, CancellationToken.None);
        var created = await store.FindByDomainAsync(fresh, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal((1, 1), (report.Json["created"]!.GetValue<int>(), report.Json["updated"]!.GetValue<int>()));
        var failure = Assert.Single(report.Json["failed"]!.AsArray());
        Assert.Equal(3, failure!["row"]!.GetValue<int>());
        Assert.Contains("arr must be a number", failure["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((80, "Tom Becker", "Daniel Okafor", RenewalStages.Emergency), (updated!.HealthScore, updated.Csm, updated.AccountExecutive, updated.RenewalStage));
        Assert.Equal(("Fresh, Inc.", 250_000d, 300, 0.5, AccountPlans.Invest, RenewalStages.Engage), (created!.Name, created.Arr, created.ActiveUsers, created.Utilization, created.AccountPlan, created.RenewalStage));
    }

    [Fact]
    public async Task A_csv_number_that_is_nan_or_infinite_fails_its_row_and_the_others_are_imported()
    {
        var (nan, infinite, fine) = (CustomersApp.NewDomain(), CustomersApp.NewDomain(), CustomersApp.NewDomain());
        var csv = $"domain,name,arr,utilization\r\n{nan},NaN Inc,NaN,\r\n{infinite},Infinite Inc,,1e400\r\n{fine},Fine Inc,1000,0.5\r\n";

        using var report = await app.Admin.SendAsync(HttpMethod.Post, "/api/customers/import", csv, contentType: "text/csv");
        var store = app.Service<CustomerStore>();

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(1, report.Json["created"]!.GetValue<int>());
        var failed = report.Json["failed"]!.AsArray();
        Assert.Equal([1, 2], failed.Select(f => f!["row"]!.GetValue<int>()));
        Assert.Contains("arr must be a number", failed[0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("usage.utilization must be a number", failed[1]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await store.FindByDomainAsync(nan, CancellationToken.None));
        Assert.Null(await store.FindByDomainAsync(infinite, CancellationToken.None));
        Assert.Equal(1000, (await store.FindByDomainAsync(fine, CancellationToken.None))!.Arr);
    }

    [Fact]
    public async Task An_import_retried_with_its_idempotency_key_answers_the_first_report()
    {
        var rows = new JsonArray(new JsonObject { ["name"] = "Once", ["domain"] = CustomersApp.NewDomain() });

        using var first = await app.Admin.PostAsync("/api/customers/import", rows, idempotencyKey: "import-once");
        using var again = await app.Admin.PostAsync("/api/customers/import", rows.DeepClone(), idempotencyKey: "import-once");

        Assert.Equal(1, first.Json["created"]!.GetValue<int>());
        Assert.Equal("true", again.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.True(JsonNode.DeepEquals(first.Json, again.Json));
    }

    [Fact]
    public async Task An_import_by_someone_who_is_not_an_admin_touches_only_their_own_customers()
    {
        var (user, other) = (TestCustomers.NewUser(), TestCustomers.NewUser());
        var (theirs, mine, giveaway) = (CustomersApp.NewDomain(), CustomersApp.NewDomain(), CustomersApp.NewDomain());
        await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(theirs, owner: other, health: 80));
        var rows = new JsonArray(
            new JsonObject { ["domain"] = theirs, ["healthScore"] = 1 },
            new JsonObject { ["name"] = "Mine", ["domain"] = mine },
            new JsonObject { ["name"] = "Giveaway", ["domain"] = giveaway, ["owner"] = other });

        using var report = await app.As(user).PostAsync("/api/customers/import", rows);
        var store = app.Service<CustomerStore>();

        Assert.Equal((1, 0), (report.Json["created"]!.GetValue<int>(), report.Json["updated"]!.GetValue<int>()));
        Assert.Equal([1, 3], report.Json["failed"]!.AsArray().Select(f => f!["row"]!.GetValue<int>()));
        Assert.Contains("not yours", report.Json["failed"]![0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(80, (await store.FindByDomainAsync(theirs, CancellationToken.None))!.HealthScore);
        Assert.Equal(user, (await store.FindByDomainAsync(mine, CancellationToken.None))!.Owner);
        Assert.Null(await store.FindByDomainAsync(giveaway, CancellationToken.None));
    }

    [Fact]
    public async Task An_import_that_is_too_large_or_unreadable_is_refused_whole()
    {
        var tooMany = new JsonArray([.. Enumerable.Range(0, CustomerImport.MaxRows + 1).Select(_ => (JsonNode)new JsonObject())]);
        var tooLarge = "domain\n" + string.Concat(Enumerable.Repeat(new string('a', 60) + ".example\n", (CustomerImport.MaxBodyBytes / 69) + 1));

        using var rows = await app.Admin.PostAsync("/api/customers/import", tooMany);
        using var bytes = await app.Admin.SendAsync(HttpMethod.Post, "/api/customers/import", tooLarge, contentType: "text/csv");
        using var notArray = await app.Admin.PostAsync("/api/customers/import", new JsonObject { ["name"] = "x" });
        using var badHeader = await app.Admin.SendAsync(HttpMethod.Post, "/api/customers/import", "domain,seats\nx.example,3", contentType: "text/csv");
        using var unclosed = await app.Admin.SendAsync(HttpMethod.Post, "/api/customers/import", "domain,name\nx.example,\"Acme", contentType: "text/csv");
        var notUtf8 = await SendBytesAsync([.. Encoding.Latin1.GetBytes("domain,name\nx.example,Caf\u00e9")]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rows.Status);
        Assert.Contains($"at most {CustomerImport.MaxRows}", rows.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bytes.Status);
        Assert.Equal(HttpStatusCode.BadRequest, notArray.Status);
        Assert.Contains("JSON array", notArray.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badHeader.Status);
        Assert.Contains("seats", badHeader.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unclosed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8);
    }

    private async Task<HttpStatusCode> SendBytesAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await app.Admin.Http.PostAsync("/api/customers/import", content);
        return response.StatusCode;
    }
}
