using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Discovery;

/// <summary>Whatever order writers of one session land in, the index keeps the summary with the newest last message.</summary>
public sealed class IndexWriteOrderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_webhook_that_lands_after_discovery_indexed_newer_messages_leaves_the_newer_row()
    {
        var history = new SqliteChatHistory();
        await history.CreateAsync();
        await history.AddAsync(Conversations.Message("hooked", 0), Conversations.Message("hooked", 1));
        var traffic = new TableTraffic();
        await using var app = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support")]) { ServiceChanges = traffic.AddTo };
        var client = new DiscoveryClient(app.CreateClient());

        // The webhook has summarised the session (two messages) and is about to read the row it compares with.
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var proceed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        traffic.Before = async request =>
        {
            if (TableTraffic.Targets(request, RequestMethod.Get, "(PartitionKey='acme|support',RowKey='hooked')") && Interlocked.Exchange(ref held, 1) == 0)
            {
                reading.SetResult();
                await proceed.Task;
            }
        };
        var webhook = client.WebhookAsync(new { crew_code = "support", session_id = "hooked" });
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Meanwhile two more messages arrive and a discovery run indexes all four.
        await history.AddAsync(Conversations.Message("hooked", 2), Conversations.Message("hooked", 3));
        var run = (await app.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        proceed.SetResult();
        var answer = await webhook;

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("unchanged", (string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["result"]!);
        var item = Assert.Single(await client.ListAllAsync());
        Assert.Equal(4, (long)item["message_count"]!);
        Assert.Equal("answer 3 for hooked", (string)item["preview"]!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(long.MaxValue)]
    public async Task An_older_summary_never_replaces_a_newer_row_on_either_write_path(long newAbove)
    {
        var history = new SqliteChatHistory();
        await history.CreateAsync();
        await history.AddAsync(Conversations.Generate(1, 4));
        await using var app = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support", shards: 16)]);
        await app.Runner.RunAsync("test", CancellationToken.None);
        var index = app.Services.GetRequiredService<ConversationIndex>();
        var crew = app.Catalog.Crews.Single();
        var stored = (await index.GetAsync(crew, "s-000000", CancellationToken.None))!;

        var older = new SessionSummary("s-000000", 2, 1, 1, stored.FirstMessageId, stored.FirstMessageId + 1, null, null, "ai", "answer 1 for s-000000");
        var changes = await index.ApplyAsync(crew, [older], newAbove, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(new IndexChanges(0, 0, 1), changes);
        var after = (await index.GetAsync(crew, "s-000000", CancellationToken.None))!;
        Assert.Equal((4, stored.LastMessageId, stored.ETag), (after.MessageCount, after.LastMessageId, after.ETag));
        var item = Assert.Single(await new DiscoveryClient(app.CreateClient()).ListAllAsync());
        Assert.Equal(4, (long)item["message_count"]!);
    }

    [Fact]
    public async Task A_crew_pointed_at_another_table_is_indexed_again_from_that_table_alone()
    {
        var first = new SqliteChatHistory();
        await first.CreateAsync();
        await first.AddAsync(Conversations.Generate(5, 4));
        var second = new SqliteChatHistory();
        await second.CreateAsync();
        await second.AddAsync(Conversations.Message("s-000000", 0), Conversations.Message("moved", 0), Conversations.Message("moved", 1));
        await using var before = new DiscoveryAppFactory(azurite.Server, [first.Crew("acme", "support")]);
        await before.Runner.RunAsync("test", CancellationToken.None);

        await using var after = new DiscoveryAppFactory(azurite.Server, [second.Crew("acme", "support")]) { TablePrefix = before.TablePrefix };
        var run = (await after.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        var client = new DiscoveryClient(after.CreateClient());
        var items = (await client.ListAllAsync()).ToDictionary(i => (string)i["session_id"]!, i => (long)i["message_count"]!);

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(new Dictionary<string, long> { ["s-000000"] = 1, ["moved"] = 2 }, items);
        Assert.Equal(2, (long)(await client.StatusAsync())["crews"]![0]!["conversations"]!);
    }
}
