using System.Net;
using Engage.Functions.Http;
using Engage.Functions.Workflows.Queue;
using static Engage.Functions.Tests.Workflows.WorkflowsAppFixture;

namespace Engage.Functions.Tests.Workflows.Queue;

public sealed class WorkflowQueueRouteTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task A_queue_pages_highest_priority_first_with_a_continuation_until_the_end()
    {
        var owner = TestCustomers.NewUser();
        var csm = app.As(owner);
        var urgent = await TestCustomers.CreateAsync(app.App, owner, daysUntilRenewal: 10, arr: 900_000, health: 20);
        var middling = await TestCustomers.CreateAsync(app.App, owner, daysUntilRenewal: 150, arr: 200_000, health: 60);
        var calm = await TestCustomers.CreateAsync(app.App, owner, daysUntilRenewal: 350, arr: 10_000, health: 95);
        var ids = new List<string>();
        foreach (var customer in new[] { calm, urgent, middling })
        {
            ids.Add(Text(await StartAsync(csm, customer.Id), "id")!);
        }

        using var first = await csm.GetAsync("/api/workflows/queue?limit=2");
        var token = Text(first.Json, "continuation")!;
        using var second = await csm.GetAsync($"/api/workflows/queue?limit=2&continuation={token}");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        var page = first.Json["items"]!.AsArray().Concat(second.Json["items"]!.AsArray()).ToList();
        Assert.Equal([ids[1], ids[2], ids[0]], page.Select(i => Text(i, "id")));
        Assert.Equal(2, first.Json["items"]!.AsArray().Count);
        Assert.Null(second.Json["continuation"]);
        var scores = page.Select(i => i!["priorityScore"]!.GetValue<double>()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(page, i => Assert.Equal(owner, Text(i, "owner")));
        Assert.Equal("Critical", Text(page[0], "renewalStage"));
        Assert.Equal(10, page[0]!["daysUntilRenewal"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_continuation_is_good_only_for_the_queue_it_came_from()
    {
        var owner = TestCustomers.NewUser();
        var csm = app.As(owner);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await StartAsync(csm, (await TestCustomers.CreateAsync(app.App, owner)).Id);
        }

        using var first = await csm.GetAsync("/api/workflows/queue?limit=1");
        var token = Text(first.Json, "continuation")!;
        var forged = new QueueListPosition(WorkflowQueue.PartitionFor(owner), "0500|' or true").Encode();

        using var elsewhere = await app.Admin.GetAsync($"/api/workflows/queue?limit=1&continuation={token}");
        using var garbage = await csm.GetAsync("/api/workflows/queue?continuation=%%%");
        using var injected = await csm.GetAsync($"/api/workflows/queue?continuation={forged}");
        using var notJson = await csm.GetAsync($"/api/workflows/queue?continuation={OpaqueToken.Encode(new[] { 1, 2 })}");
        using var tooMany = await csm.GetAsync("/api/workflows/queue?limit=1000");
        using var none = await csm.GetAsync("/api/workflows/queue?limit=0");

        await ProblemJson.ReadAsync(elsewhere.Message, 400);
        await ProblemJson.ReadAsync(garbage.Message, 400);
        await ProblemJson.ReadAsync(injected.Message, 400);
        await ProblemJson.ReadAsync(notJson.Message, 400);
        await ProblemJson.ReadAsync(tooMany.Message, 400);
        await ProblemJson.ReadAsync(none.Message, 400);
    }

    [Fact]
    public async Task An_owner_that_is_no_user_id_is_a_400_not_an_empty_queue()
    {
        using var lineBreak = await app.Admin.GetAsync("/api/workflows/queue?owner=csm%0D%0AX-Injected:%201");
        using var nul = await app.Admin.GetAsync("/api/workflows/queue?owner=csm%00@example.com");
        using var tab = await app.Admin.GetAsync("/api/workflows/queue?owner=%09");
        using var tooLong = await app.Admin.GetAsync($"/api/workflows/queue?owner={new string('a', 255)}");
        using var longest = await app.Admin.GetAsync($"/api/workflows/queue?owner={new string('a', 254)}");

        ProblemAssert.Is(lineBreak, HttpStatusCode.BadRequest, detailContains: "owner");
        ProblemAssert.Is(nul, HttpStatusCode.BadRequest, detailContains: "owner");
        ProblemAssert.Is(tab, HttpStatusCode.BadRequest, detailContains: "owner");
        ProblemAssert.Is(tooLong, HttpStatusCode.BadRequest, detailContains: "owner");
        Assert.Equal(HttpStatusCode.OK, longest.Status);
        Assert.Empty(longest.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task An_admin_reads_everyones_queue_by_leaving_the_owner_out()
    {
        var owner = TestCustomers.NewUser();
        var id = Text(await StartAsync(app.As(owner), (await TestCustomers.CreateAsync(app.App, owner)).Id), "id")!;

        var everyone = await ReadAllAsync(app.Admin);

        Assert.Contains(id, everyone);
    }

    /// <summary>Every page of a queue, following the continuations.</summary>
    private static async Task<IReadOnlyList<string>> ReadAllAsync(WorkflowsClient client)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            using var page = await client.GetAsync($"/api/workflows/queue?limit=100{(token is null ? string.Empty : $"&continuation={token}")}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            ids.AddRange(page.Json["items"]!.AsArray().Select(i => Text(i, "id")!));
            token = Text(page.Json, "continuation");
        }
        while (token is not null);

        return ids;
    }
}
