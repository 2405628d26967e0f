using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Records;
using Engage.Functions.Tests.Engagement;
using Engage.Functions.Tests.Workflows.Customers;
using Engage.Functions.Workflows.Context;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Tests.Workflows.Context;

public sealed class ContextApiTests(CustomersApp app) : IClassFixture<CustomersApp>
{
    [Fact]
    public async Task The_context_has_the_prototypes_shape_with_the_customers_data_and_nulls_for_what_it_lacks()
    {
        var domain = CustomersApp.NewDomain();
        var created = await CustomersApp.CreateAsync(app.Admin, new JsonObject
        {
            ["name"] = "Sparse",
            ["domain"] = domain,
            ["arr"] = 200_000,
            ["healthScore"] = 40,
            ["renewalDate"] = CustomersApp.InDays(10),
            ["accountTeam"] = new JsonObject { ["csm"] = "Maya Chen" },
        });
        var id = created["id"]!.GetValue<string>();

        using var answer = await app.Admin.GetAsync($"/api/workflows/context?customerId={id}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var context = answer.Json;
        Assert.Equal(["customer", "intelligence", "data", "workflow", "accountTeam"], Keys(context));
        Assert.Equal(["id", "name", "domain", "industry", "arr", "renewalDate", "owner", "accountPlan", "healthScore"], Keys(context["customer"]));
        Assert.Equal(["riskScore", "opportunityScore", "healthScore", "trends"], Keys(context["intelligence"]));
        Assert.Equal(["health", "usage", "engagement"], Keys(context["intelligence"]!["trends"]));
        Assert.Equal(["financials", "usage", "engagement"], Keys(context["data"]));
        Assert.Equal(["currentARR", "previousARR", "trend"], Keys(context["data"]!["financials"]));
        Assert.Equal(["activeUsers", "utilizationRate", "trend"], Keys(context["data"]!["usage"]));
        Assert.Equal(["lastContact", "qbrDate", "supportTickets"], Keys(context["data"]!["engagement"]));
        Assert.Equal(["daysUntilRenewal", "renewalStage", "accountPlan", "priorityScore"], Keys(context["workflow"]));
        Assert.Equal(["csm", "accountExecutive", "supportEngineer"], Keys(context["accountTeam"]));

        Assert.Equal((id, "Sparse", domain), (Text(context["customer"]!["id"]), Text(context["customer"]!["name"]), Text(context["customer"]!["domain"])));
        Assert.Equal((CustomersApp.InDays(10), AccountPlans.Invest, 40), (Text(context["customer"]!["renewalDate"]), Text(context["customer"]!["accountPlan"]), context["customer"]!["healthScore"]!.GetValue<int>()));
        Assert.Equal((10, RenewalStages.Critical), (context["workflow"]!["daysUntilRenewal"]!.GetValue<int>(), Text(context["workflow"]!["renewalStage"])));
        Assert.Equal(PriorityScore.Compute(10, 200_000, 40, AccountPlans.Invest, escalated: false), context["workflow"]!["priorityScore"]!.GetValue<double>());
        Assert.Equal(ContextScores.Risk(40, 10, 200_000, null, null), context["intelligence"]!["riskScore"]!.GetValue<int>());
        Assert.Equal(ContextScores.Opportunity(40, 200_000, null, null, null), context["intelligence"]!["opportunityScore"]!.GetValue<int>());
        Assert.Equal("Maya Chen", Text(context["accountTeam"]!["csm"]));
        foreach (var empty in new[]
        {
            context["customer"]!["industry"], context["customer"]!["owner"], context["intelligence"]!["trends"]!["health"], context["intelligence"]!["trends"]!["usage"],
            context["intelligence"]!["trends"]!["engagement"], context["data"]!["financials"]!["previousARR"], context["data"]!["financials"]!["trend"],
            context["data"]!["usage"]!["activeUsers"], context["data"]!["usage"]!["utilizationRate"], context["data"]!["usage"]!["trend"],
            context["data"]!["engagement"]!["lastContact"], context["data"]!["engagement"]!["qbrDate"], context["data"]!["engagement"]!["supportTickets"],
            context["accountTeam"]!["accountExecutive"],
        })
        {
            Assert.Null(empty);
        }
    }

    [Fact]
    public async Task Health_and_usage_trends_follow_the_customers_own_last_change_of_each()
    {
        var id = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), health: 80)))["id"]!.GetValue<string>();
        var path = $"/api/workflows/context?customerId={id}";

        using var fresh = await app.Admin.GetAsync(path);
        (await app.Admin.PatchAsync($"/api/customers/{id}", new JsonObject { ["healthScore"] = 60 })).Dispose();
        using var healthDown = await app.Admin.GetAsync(path);
        (await app.Admin.PatchAsync($"/api/customers/{id}", new JsonObject { ["usage"] = new JsonObject { ["utilization"] = 0.9 }, ["name"] = "Renamed" })).Dispose();
        using var usageUp = await app.Admin.GetAsync(path);

        Assert.Equal((null, null), Trends(fresh));
        Assert.Equal((Trend.Down, null), Trends(healthDown));
        Assert.Equal((Trend.Down, Trend.Up), Trends(usageUp));
        Assert.Equal(Trend.Up, Text(usageUp.Json["data"]!["usage"]!["trend"]));
        Assert.Equal(Trend.Up, Text(usageUp.Json["data"]!["financials"]!["trend"]));
        Assert.Equal(CustomersApp.InDays(-30), Text(usageUp.Json["data"]!["engagement"]!["qbrDate"]));
    }

    [Fact]
    public async Task The_domains_engagement_summaries_give_the_last_contact_the_engagement_trend_and_the_counts_the_scores_use()
    {
        var domain = CustomersApp.NewDomain();
        var id = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(domain, health: 65)))["id"]!.GetValue<string>();
        var engagement = new EngagementClient(app.Factory.CreateClient());
        var now = DateTimeOffset.UtcNow;
        app.Meetings.Serve(domain, SampleMeetings.For(domain, 2, now.AddDays(-7)));
        await RunEngagementAsync(engagement, domain);
        using var afterOne = await app.Admin.GetAsync($"/api/workflows/context?customerId={id}");
        app.Meetings.Serve(domain, SampleMeetings.For(domain, 4, now));
        await RunEngagementAsync(engagement, domain);

        using var afterTwo = await app.Admin.GetAsync($"/api/workflows/context?customerId={id}");
        var summary = (await engagement.Http.GetFromJsonAsync<JsonObject>($"/api/engagement-summary/{domain}/latest"))!["summary"]!;

        Assert.Null(afterOne.Json["intelligence"]!["trends"]!["engagement"]);
        Assert.Equal(now.AddDays(-7), afterOne.Json["data"]!["engagement"]!["lastContact"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        var context = afterTwo.Json;
        Assert.Equal(Trend.Up, Text(context["intelligence"]!["trends"]!["engagement"]));
        Assert.Equal(summary["provenance"]!["period_to"]!.GetValue<DateTimeOffset>(), context["data"]!["engagement"]!["lastContact"]!.GetValue<DateTimeOffset>());
        Assert.Equal(now, context["data"]!["engagement"]!["lastContact"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        var (risks, goals) = (summary["risks"]!.AsArray().Count, summary["goals"]!.AsArray().Count);
        Assert.True(risks > 0 && goals > 0, summary.ToJsonString());
        Assert.Equal(ContextScores.Risk(65, 45, 150_000, 120_000, risks), context["intelligence"]!["riskScore"]!.GetValue<int>());
        Assert.Equal(ContextScores.Opportunity(65, 150_000, 120_000, goals, 0.6), context["intelligence"]!["opportunityScore"]!.GetValue<int>());
        Assert.NotEqual(ContextScores.Risk(65, 45, 150_000, 120_000, null), context["intelligence"]!["riskScore"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_context_of_an_execution_is_its_customers_with_its_escalation_in_the_priority()
    {
        var (owner, assignee) = (TestCustomers.NewUser(), TestCustomers.NewUser());
        var records = app.Service<CustomerRecords>();
        var id = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), owner, health: 50)))["id"]!.GetValue<string>();
        var calm = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), owner, health: 50)))["id"]!.GetValue<string>();
        var escalated = await TestExecutions.SaveAsync(records, id, assignee, escalatedAt: DateTimeOffset.UtcNow);
        var open = await TestExecutions.SaveAsync(records, calm, owner);

        using var byExecution = await app.As(assignee).GetAsync($"/api/workflows/context?workflowExecutionId={escalated.Id}");
        using var byCustomer = await app.As(owner).GetAsync($"/api/workflows/context?customerId={id}");
        using var assigneeByCustomer = await app.As(assignee).GetAsync($"/api/workflows/context?customerId={id}");
        using var notEscalated = await app.As(owner).GetAsync($"/api/workflows/context?workflowExecutionId={open.Id}");
        using var calmCustomer = await app.As(owner).GetAsync($"/api/workflows/context?customerId={calm}");

        var customer = (await app.Service<CustomerStore>().FindAsync(id, CancellationToken.None))!;
        var today = app.Service<CustomerStore>().Today;
        Assert.Equal(HttpStatusCode.OK, byExecution.Status);
        Assert.Equal(id, Text(byExecution.Json["customer"]!["id"]));
        Assert.Equal(PriorityScore.For(customer, today, escalated: true), byExecution.Json["workflow"]!["priorityScore"]!.GetValue<double>());
        Assert.Equal(PriorityScore.For(customer, today, escalated: true), byCustomer.Json["workflow"]!["priorityScore"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.NotFound, assigneeByCustomer.Status);
        Assert.Equal(PriorityScore.For(customer, today, escalated: false), notEscalated.Json["workflow"]!["priorityScore"]!.GetValue<double>());
        Assert.Equal(PriorityScore.For(customer, today, escalated: false), calmCustomer.Json["workflow"]!["priorityScore"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_wrong_unknown_or_hidden_context_request_is_a_problem()
    {
        var id = (await CustomersApp.CreateAsync(app.Admin, CustomersApp.Fields(CustomersApp.NewDomain(), TestCustomers.NewUser())))["id"]!.GetValue<string>();
        var unknownExecution = RecordId.NewChild(RecordId.Execution, id, DateTimeOffset.UtcNow);

        var answers = new Dictionary<string, HttpStatusCode>
        {
            [string.Empty] = HttpStatusCode.BadRequest,
            [$"?customerId={id}&workflowExecutionId={unknownExecution}"] = HttpStatusCode.BadRequest,
            ["?customerId=acme"] = HttpStatusCode.BadRequest,
            ["?workflowExecutionId=" + id] = HttpStatusCode.BadRequest,
            ["?workflowExecutionId=tk" + unknownExecution[2..]] = HttpStatusCode.BadRequest,
            ["?customerId=cu_0123456789abcdef"] = HttpStatusCode.NotFound,
            ["?workflowExecutionId=" + unknownExecution] = HttpStatusCode.NotFound,
        };

        foreach (var (query, status) in answers)
        {
            using var answer = await app.Admin.GetAsync("/api/workflows/context" + query);
            Assert.True(status == answer.Status, $"{query}: {(int)answer.Status} {answer.Body?.ToJsonString()}");
            Assert.Equal("application/problem+json", answer.Message.Content.Headers.ContentType!.MediaType);
        }

        using var hidden = await app.As(TestCustomers.NewUser()).GetAsync($"/api/workflows/context?customerId={id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
    }

    private static async Task RunEngagementAsync(EngagementClient engagement, string domain)
    {
        var (_, started) = await engagement.StartAsync($"{{\"domain\":\"{domain}\"}}");
        var done = await engagement.WaitAsync(domain, started!["run_id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));
        Assert.Equal("complete", Text(done["status"]));
    }

    private static (string? Health, string? Usage) Trends(WorkflowResponse answer) =>
        (Text(answer.Json["intelligence"]!["trends"]!["health"]), Text(answer.Json["intelligence"]!["trends"]!["usage"]));

    private static List<string> Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key)];

    private static string? Text(JsonNode? node) => node?.GetValue<string>();
}
