using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Index;
using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

public sealed class ConversationApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Pages_over_several_crews_are_newest_first_without_duplicates()
    {
        var (app, _) = await TwoCrewsAsync();
        await using var _app = app;
        var client = new DiscoveryClient(app.CreateClient());

        var paged = await client.ListAllAsync(limit: 7);
        var whole = await client.ListAllAsync(limit: 200);
        var support = await client.ListAllAsync("&client=acme&crew=support", limit: 5);
        var acme = await client.ListAllAsync("&client=acme", limit: 200);

        Assert.Equal(45, paged.Count);
        Assert.Equal(whole.Select(Id), paged.Select(Id));
        Assert.Equal(45, paged.Select(Id).Distinct().Count());
        var times = paged.Select(i => i["last_activity_at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(25, support.Count);
        Assert.All(support, i => Assert.Equal("support", (string)i["crew"]!));
        Assert.Equal(45, acme.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Pages_stay_newest_first_when_activity_is_years_apart(int shards)
    {
        var history = new SqliteChatHistory();
        await history.CreateAsync(withCreatedAt: true);
        var now = DateTimeOffset.UtcNow;

        // Gaps that grow from a minute to years, so pages need every width of read window, the open one too.
        var messages = Enumerable.Range(0, 40)
            .Select(i => new ChatMessage(Conversations.SessionId("w", i), "human", $"hello {i}", now - TimeSpan.FromMinutes(Math.Pow(1.5, i))))
            .ToList();
        await history.AddAsync(messages);
        await using var app = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support", shards)]);
        await app.Runner.RunAsync("test", CancellationToken.None);
        var client = new DiscoveryClient(app.CreateClient());

        var paged = await client.ListAllAsync(limit: 3);
        var whole = await client.ListAllAsync(limit: 200);

        Assert.Equal(messages.Select(m => m.SessionId), paged.Select(i => (string)i["session_id"]!));
        Assert.Equal(paged.Select(Id), whole.Select(Id));
    }

    [Fact]
    public async Task A_crew_that_changes_its_shards_is_indexed_again_without_stale_rows()
    {
        var history = new SqliteChatHistory();
        await history.CreateAsync();
        await history.AddAsync(Conversations.Generate(12, 2));
        await using var single = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support")]);
        await single.Runner.RunAsync("test", CancellationToken.None);

        await using var sharded = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support", shards: 16)]) { TablePrefix = single.TablePrefix };
        var toSharded = (await sharded.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        var shardedClient = new DiscoveryClient(sharded.CreateClient());
        Assert.Equal(12, toSharded.Changes.Created);
        Assert.Equal(12, (await shardedClient.ListAllAsync(limit: 5)).Count);
        Assert.Equal(12, (long)(await shardedClient.StatusAsync())["crews"]![0]!["conversations"]!);

        // Back in the single table, the rows left there from before the switch no longer count.
        await history.AddAsync(Conversations.Generate(3, 2, "late"));
        await history.AddAsync(Conversations.Message(Conversations.SessionId("s", 0), 2));
        await using var back = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support")]) { TablePrefix = single.TablePrefix };
        var toSingle = (await back.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        var again = (await back.Runner.RunAsync("test", CancellationToken.None)).Crews.Single();
        var client = new DiscoveryClient(back.CreateClient());
        var items = await client.ListAllAsync(limit: 4);

        Assert.Equal(15, toSingle.Changes.Created);
        Assert.Equal(0, again.Changes.Created + again.Changes.Updated);
        Assert.Equal(15, items.Select(Id).Distinct().Count());
        Assert.Equal(15, items.Count);
        Assert.Equal(3, (long)items.Single(i => (string)i["session_id"]! == Conversations.SessionId("s", 0))["message_count"]!);
        Assert.Equal(15, (long)(await client.StatusAsync())["crews"]![0]!["conversations"]!);
    }

    [Theory]
    [InlineData("?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("?limit=201", HttpStatusCode.BadRequest)]
    [InlineData("?limit=ten", HttpStatusCode.BadRequest)]
    [InlineData("?continuation=not-a-token", HttpStatusCode.BadRequest)]
    [InlineData("?continuation=eyJ4In0", HttpStatusCode.BadRequest)]
    [InlineData("?client=acme&crew=nope", HttpStatusCode.NotFound)]
    [InlineData("?client=initech", HttpStatusCode.NotFound)]
    public async Task Bad_list_requests_are_problems(string query, HttpStatusCode expected)
    {
        var (app, _) = await TwoCrewsAsync(seed: false);
        await using var _app = app;

        var response = await app.CreateClient().GetAsync("/api/conversations" + query);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> MalformedContinuations()
    {
        var key = ActivityKey.For(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), 7);
        return new TheoryData<string>
        {
            "!!!!",
            "a",
            new string('A', 20_000),
            Token("hello"),
            Token("null"),
            Token("\"text\""),
            Token("[]"),
            Token("{\"acme|support\":null}"),
            Token("{\"acme|support\":1}"),
            Token("{\"acme|support\":[\"" + key + "\"]}"),
            Token("{\"acme|support\":{\"after\":\"" + key + "\"}}"),
            Token("{\"acme|support\":\"" + key + "\"} trailing"),
            Token("{\"acme|support\":\"" + key + "\",\"acme|support\":null}"),
            Token("{\"initech|helpdesk\":\"" + key + "\"}"),
            Token("{\"acme|support\":\"~" + new string('9', 19) + "|" + new string('0', 19) + "\"}"),
            Token("{\"acme|support\":\"" + new string('x', 12_000) + "\"}"),
            Token(new string('[', 5_000)),
            Base64Url.EncodeToString([0xFF, 0xFE, 0x7B]),
            Base64Url.EncodeToString([.. Encoding.UTF8.GetBytes("{\"acme|support\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")]),
        };

        static string Token(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [MemberData(nameof(MalformedContinuations))]
    public async Task A_malformed_continuation_is_a_bad_request_never_a_server_error(string token)
    {
        var (app, _) = await TwoCrewsAsync(seed: false);
        await using var _app = app;

        var response = await app.CreateClient().GetAsync("/api/conversations?limit=5&continuation=" + Uri.EscapeDataString(token));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("continuation", (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Contains("without it", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversation_comes_with_its_transcript_from_the_source()
    {
        var (app, history) = await TwoCrewsAsync();
        await using var _app = app;
        var client = new DiscoveryClient(app.CreateClient());
        await history.AddAsync(new ChatMessage("with space/and ü", "human", """[{"type":"text","text":"parts"},{"type":"text","text":"joined"}]"""));
        await app.Runner.RunAsync("test", CancellationToken.None);

        var conversation = await (await client.GetAsync("/api/conversations/acme/support/s-000003")).Content.ReadFromJsonAsync<JsonObject>();
        var odd = await client.GetAsync("/api/conversations/acme/support/" + Uri.EscapeDataString("with space/and ü"));
        var unknown = await client.GetAsync("/api/conversations/acme/support/never");
        var unknownCrew = await client.GetAsync("/api/conversations/acme/nope/s-000003");

        Assert.Equal(3, (long)conversation!["message_count"]!);
        Assert.Equal(["human", "ai", "human"], conversation["messages"]!.AsArray().Select(m => (string)m!["type"]!));
        Assert.Equal("question 0 of s-000003", (string)conversation["messages"]![0]!["content"]!);
        Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
        Assert.Equal("parts joined", (string)(await odd.Content.ReadFromJsonAsync<JsonObject>())!["messages"]![0]!["content"]!);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCrew.StatusCode);
    }

    [Fact]
    public async Task Run_now_answers_202_and_the_status_shows_the_manual_run()
    {
        var (app, _) = await TwoCrewsAsync(seed: false);
        await using var _app = app;
        var client = new DiscoveryClient(app.CreateClient());

        var response = await client.PostAsync("/api/discovery/run");
        var status = await ConversationDiscoveryTimerTests.WaitForAsync(client, s => s["last_run"] is JsonObject);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/discovery/status", response.Headers.Location?.OriginalString);
        Assert.Equal("manual", (string)status["last_run"]!["trigger"]!);
        Assert.Equal(2, (int)status["last_run"]!["crews"]!);
    }

    [Fact]
    public async Task The_status_keeps_each_run_oldest_first_with_its_duration_and_what_it_indexed()
    {
        var (app, _) = await TwoCrewsAsync();
        await using var _app = app;
        await app.Runner.RunAsync("manual", CancellationToken.None);
        var client = new DiscoveryClient(app.CreateClient());

        var runs = (await client.StatusAsync())["recent_runs"]!.AsArray();

        Assert.Equal(["test", "manual"], runs.Select(r => (string)r!["trigger"]!));
        Assert.Equal((45, 0), ((int)runs[0]!["created"]!, (int)runs[0]!["updated"]!));
        Assert.Equal((0, 0), ((int)runs[1]!["created"]!, (int)runs[1]!["updated"]!));
        Assert.All(runs, r => Assert.Equal(2, (int)r!["crews"]!));
        Assert.True((DateTimeOffset)runs[0]!["started_at"]! <= (DateTimeOffset)runs[1]!["started_at"]!);
    }

    private static string Id(JsonObject item) => $"{item["crew"]}/{item["session_id"]}";

    private async Task<(DiscoveryAppFactory App, ChatHistory Support)> TwoCrewsAsync(bool seed = true)
    {
        var support = new SqliteChatHistory();
        await support.CreateAsync();
        var sales = new SqliteChatHistory();
        await sales.CreateAsync(withCreatedAt: true);
        var app = new DiscoveryAppFactory(azurite.Server, [support.Crew("acme", "support"), sales.Crew("acme", "sales", shards: 16)]);
        if (seed)
        {
            await support.AddAsync(Conversations.Generate(25, 3));
            await sales.AddAsync(Conversations.Generate(20, 2, "p"));
            await app.Runner.RunAsync("test", CancellationToken.None);
        }

        return (app, support);
    }
}
