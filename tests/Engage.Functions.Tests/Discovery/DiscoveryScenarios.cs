using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

/// <summary>The incremental algorithm end to end, from a real source through the real app to the index on Azurite; run once per source kind.</summary>
public abstract class DiscoveryScenarios(AzuriteServer azurite)
{
    /// <summary>Each run indexes for the crew's whole budget, so even a slow machine catches up in a few.</summary>
    private const int MaxRunsToCatchUp = 20;

    protected abstract ChatHistory NewHistory();

    [Fact]
    public async Task New_sessions_are_discovered_with_their_counts()
    {
        var history = await CreateAsync();
        await history.AddAsync(Conversations.Generate(3, 4));
        await using var app = App(history);

        var run = await app.Runner.RunAsync("test", CancellationToken.None);

        Assert.True(run.Crews.Single().Succeeded, run.Crews.Single().Error);
        var items = await new DiscoveryClient(app.CreateClient()).ListAllAsync();
        Assert.Equal(3, items.Count);
        var first = items.Single(i => (string)i["session_id"]! == "s-000000");
        Assert.Equal(4, (long)first["message_count"]!);
        Assert.Equal(2, (long)first["human_messages"]!);
        Assert.Equal(2, (long)first["ai_messages"]!);
        Assert.Equal("ai", (string)first["last_message_type"]!);
        Assert.Equal("answer 3 for s-000000", (string)first["preview"]!);
        Assert.Equal(1, (long)first["first_message_id"]!);
        Assert.Equal(10, (long)first["last_message_id"]!);
        Assert.Equal(["s-000002", "s-000001", "s-000000"], items.Select(i => (string)i["session_id"]!));
    }

    [Fact]
    public async Task Sessions_with_new_messages_are_updated_without_double_counting()
    {
        var history = await CreateAsync();
        await history.AddAsync(Conversations.Generate(5, 2));
        await using var app = App(history);
        var client = new DiscoveryClient(app.CreateClient());
        await app.Runner.RunAsync("test", CancellationToken.None);

        await history.AddAsync(Conversations.Message("s-000000", 2), Conversations.Message("s-000000", 3), Conversations.Message("new", 0));
        var second = (await app.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        var third = (await app.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();

        Assert.Equal((1, 1), (second.Changes.Created, second.Changes.Updated));
        Assert.Equal((0, 0), (third.Changes.Created, third.Changes.Updated));
        var items = await client.ListAllAsync();
        Assert.Equal(6, items.Select(i => (string)i["session_id"]!).Distinct().Count());
        Assert.Equal(6, items.Count);
        Assert.Equal(4, (long)items.Single(i => (string)i["session_id"]! == "s-000000")["message_count"]!);
        Assert.Equal(["new", "s-000000"], items.Take(2).Select(i => (string)i["session_id"]!));
        var crew = (await client.StatusAsync())["crews"]![0]!;
        Assert.Equal(6, (long)crew["conversations"]!);
        Assert.Equal(0, (int)crew["created"]!);
    }

    [Fact]
    public async Task A_row_committed_after_a_higher_id_was_read_is_not_missed()
    {
        var history = await CreateAsync();
        await history.AddAsync(Conversations.Generate(2, 2));
        await using var app = App(history);
        var client = new DiscoveryClient(app.CreateClient());
        await app.Runner.RunAsync("test", CancellationToken.None);

        await using var late = await history.BeginLateAsync(Conversations.Message("s-000000", 2));
        await history.AddAsync(Conversations.Message("s-000001", 2));
        await app.Runner.RunAsync("test", CancellationToken.None);
        var pending = (string)(await client.StatusAsync())["crews"]![0]!["pending_ids"]!;
        await late.CommitAsync();
        await app.Runner.RunAsync("test", CancellationToken.None);

        Assert.NotEqual(string.Empty, pending);
        var items = await client.ListAllAsync();
        Assert.Equal(3, (long)items.Single(i => (string)i["session_id"]! == "s-000000")["message_count"]!);
        Assert.Equal(3, (long)items.Single(i => (string)i["session_id"]! == "s-000001")["message_count"]!);
        Assert.Equal(string.Empty, (string)(await client.StatusAsync())["crews"]![0]!["pending_ids"]!);
    }

    [Fact]
    public async Task Concurrent_runs_of_a_crew_produce_no_duplicates()
    {
        var history = await CreateAsync();
        await history.AddAsync(Conversations.Generate(300, 3));
        await using var app = App(history);
        var crew = app.Catalog.Crews.Single();

        // Straight at the crew, past the lease: what a run and the webhook, or two instances after a lost lease, do.
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.CrewDiscovery.RunAsync(crew, "test", CancellationToken.None)));
        await history.AddAsync(Conversations.Generate(300, 1, "t").Concat(Enumerable.Range(0, 300).Select(i => Conversations.Message(Conversations.SessionId("s", i), 3))));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.CrewDiscovery.RunAsync(crew, "test", CancellationToken.None)));

        Assert.All(runs, r => Assert.True(r.Succeeded, r.Error));
        var items = await new DiscoveryClient(app.CreateClient()).ListAllAsync();
        Assert.Equal(600, items.Count);
        Assert.Equal(600, items.Select(i => (string)i["session_id"]!).Distinct().Count());
        Assert.All(items.Where(i => ((string)i["session_id"]!).StartsWith("s-", StringComparison.Ordinal)), i => Assert.Equal(4, (long)i["message_count"]!));
        Assert.Equal(300, runs.Sum(r => r.Changes.Created));
    }

    [Fact]
    public async Task The_webhook_indexes_one_session_at_once()
    {
        var history = await CreateAsync();
        await using var app = App(history);
        var client = new DiscoveryClient(app.CreateClient());
        await app.Runner.RunAsync("test", CancellationToken.None);
        await history.AddAsync(Conversations.Message("hooked", 0), Conversations.Message("hooked", 1));

        var created = await client.WebhookAsync(new { crew_code = "support", session_id = "hooked" });
        var again = await client.WebhookAsync(new { crew_code = "support", session_id = "hooked" });
        var wrongSecret = await client.WebhookAsync(new { crew_code = "support", session_id = "hooked" }, "nope");
        var unknownCrew = await client.WebhookAsync(new { crew_code = "sales", session_id = "hooked" });
        var unknownSession = await client.WebhookAsync(new { crew_code = "support", session_id = "never" });
        var invalid = await client.WebhookAsync(new { crew_code = "support" });
        var nul = await client.WebhookAsync(new { crew_code = "support", session_id = "hooked\0" });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("created", (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["result"]!);
        Assert.Equal("unchanged", (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["result"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCrew.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSession.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        var item = Assert.Single(await client.ListAllAsync());
        Assert.Equal(2, (long)item["message_count"]!);

        // The next run finds the session indexed already and counts nothing twice.
        var run = (await app.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        Assert.Equal((0, 0), (run.Changes.Created, run.Changes.Updated));
        Assert.Equal(1, (long)(await client.StatusAsync())["crews"]![0]!["conversations"]!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task Discovers_every_conversation(int count) => await DiscoverAsync(count);

    /// <summary>
    /// Runs discovery until the crew is caught up, as the timer would: how much one run indexes within the
    /// crew's time budget depends on the machine, so the counts are checked over all the runs it took.
    /// </summary>
    /// <param name="on">An Azurite other than the run's shared one, for counts that would keep it busy for long.</param>
    protected async Task DiscoverAsync(int count, AzuriteServer? on = null)
    {
        var history = await CreateAsync();
        await history.AddAsync(Conversations.Generate(count, 4));
        await using var app = App(history, on);
        var client = new DiscoveryClient(app.CreateClient());

        var created = 0;
        var caughtUp = false;
        for (var run = 1; run <= MaxRunsToCatchUp && !caughtUp; run++)
        {
            var result = (await app.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
            Assert.True(result.Succeeded, result.Error);
            created += result.Changes.Created;
            caughtUp = !(bool)(await client.StatusAsync())["crews"]![0]!["behind"]!;
        }

        var items = await client.ListAllAsync();

        Assert.True(caughtUp, $"still behind after {MaxRunsToCatchUp} runs");
        Assert.Equal(count, created);
        Assert.Equal(count, items.Count);
        Assert.Equal(count, items.Select(i => (string)i["session_id"]!).Distinct().Count());
        Assert.All(items, i => Assert.Equal(4, (long)i["message_count"]!));
        Assert.Equal(items.Select(i => (long)i["last_message_id"]!).OrderDescending(), items.Select(i => (long)i["last_message_id"]!));
    }

    private async Task<ChatHistory> CreateAsync()
    {
        var history = NewHistory();
        await history.CreateAsync();
        return history;
    }

    private DiscoveryAppFactory App(ChatHistory history, AzuriteServer? on = null) => new(on ?? azurite, [history.Crew("acme", "support")]);
}
