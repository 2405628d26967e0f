using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Tests.Engagement.Meetings;
using Engage.Functions.Tests.Llm;
using Engage.Testing;

namespace Engage.Functions.Tests.Engagement;

/// <summary>
/// The whole path with the real adapters: Fathom's API and OpenAI's API are loopback servers
/// that speak their wire formats; storage is Azurite.
/// </summary>
public sealed class EngagementEndToEndTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Domain = "acmecorp.com";
    private const string DurableStorageProvider = "AzureFunctionsJobHost:extensions:durableTask:storageProvider:";
    private FakeFathomServer _fathom = null!;
    private FakeOpenAiServer _openAi = null!;

    public async Task InitializeAsync()
    {
        _fathom = await FakeFathomServer.StartAsync();
        _openAi = await FakeOpenAiServer.StartAsync();
        _fathom.Default = FakeFathomServer.Page(Meetings(3));
    }

    public async Task DisposeAsync()
    {
        await _fathom.DisposeAsync();
        await _openAi.DisposeAsync();
    }

    [Fact]
    public async Task Meetings_from_Fathom_analysed_by_the_LLM_become_the_summary()
    {
        await using var app = App();
        var client = new EngagementClient(app.CreateClient());

        var done = await RunAsync(client);

        var summary = done["summary"]!.AsObject();
        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal(3, summary["meetings_count"]!.GetValue<int>());
        Assert.Equal(FakeOpenAiServer.Model, summary["provenance"]!["generator"]!.GetValue<string>());
        Assert.Equal("fathom", summary["provenance"]!["source"]!.GetValue<string>());
        Assert.Null(summary["provenance"]!["fallback_reason"]);
        Assert.Equal(FakeOpenAiServer.SampleLists["risks"]!.AsArray().Select(r => r!.GetValue<string>()), summary["risks"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(3, _openAi.RequestCount);
        Assert.All(_fathom.Requests, r => Assert.Equal(FakeFathomServer.ApiKey, r.ApiKey));
        Assert.Contains("sarah.lindqvist@acmecorp.com", summary["people"]!.AsArray().Select(p => p!["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Fathom_rate_limiting_is_retried_and_the_run_completes()
    {
        _fathom.Enqueue(FakeFathomServer.Status(429, ("Retry-After", "1")));
        await using var app = App();
        var client = new EngagementClient(app.CreateClient());

        var done = await RunAsync(client);

        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.True(_fathom.Requests.Count >= 2);
    }

    [Fact]
    public async Task Fathom_failing_for_good_ends_the_run_as_error_with_a_readable_message()
    {
        _fathom.Default = FakeFathomServer.Status(401);
        await using var app = App();
        var client = new EngagementClient(app.CreateClient());

        var done = await RunAsync(client);

        Assert.Equal("error", done["status"]!.GetValue<string>());
        var error = done["error"]!.GetValue<string>();
        Assert.Contains("FATHOM_API_KEY", error, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeFathomServer.ApiKey, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Fathom_redirect_ends_the_run_as_error_and_the_key_never_reaches_where_it_points()
    {
        await using var elsewhere = await FakeFathomServer.StartAsync();
        _fathom.Default = FakeFathomServer.Status(302, ("Location", elsewhere.BaseUrl + "/meetings"));
        await using var app = App();
        var client = new EngagementClient(app.CreateClient());

        var done = await RunAsync(client);

        Assert.Equal("error", done["status"]!.GetValue<string>());
        var error = done["error"]!.GetValue<string>();
        Assert.Contains("redirect", error, StringComparison.Ordinal);
        Assert.Contains("FATHOM_BASE_URL", error, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task Five_LLM_failures_open_the_breaker_and_the_heuristic_summarises_with_the_reason()
    {
        _fathom.Default = FakeFathomServer.Page(Meetings(8));
        _openAi.Default = FakeReply.Failure(500);
        await using var app = App(("OPENAI_MAX_RETRIES", "0"), ("ENGAGEMENT_MAX_PARALLEL_ANALYSES", "1"));
        var client = new EngagementClient(app.CreateClient());

        var done = await RunAsync(client);
        var health = JsonNode.Parse(await client.Http.GetStringAsync("/api/health"))!;

        var summary = done["summary"]!.AsObject();
        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal("heuristic", summary["provenance"]!["generator"]!.GetValue<string>());
        var reason = summary["provenance"]!["fallback_reason"]!.GetValue<string>();
        Assert.StartsWith("8 of 8 excerpts were analysed by the heuristic", reason, StringComparison.Ordinal);
        Assert.Equal(5, _openAi.RequestCount);
        Assert.NotEmpty(summary["risks"]!.AsArray());
        Assert.Contains("\"circuit\":\"open\"", health.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_process_killed_mid_run_is_replaced_by_a_fresh_one_that_completes_the_run_with_one_summary()
    {
        _fathom.Default = FakeFathomServer.Page(Meetings(4));
        _openAi.Default = FakeReply.Analysis(FakeOpenAiServer.SampleLists) with { Delay = TimeSpan.FromSeconds(2) };
        (string, string?)[] settings =
        [
            .. AppSettings.Pinned,
            .. Settings().Select(s => (s.Key, (string?)s.Value)),
            ("AzureWebJobsStorage", azurite.ConnectionString),
            (LocalHostFactory.HubNameSetting, "kill" + Guid.NewGuid().ToString("N")[..12]),

            // Messages the killed host had taken reappear after this, instead of the default 5 minutes.
            (DurableStorageProvider + "controlQueueVisibilityTimeout", "00:00:05"),
            (DurableStorageProvider + "workItemQueueVisibilityTimeout", "00:00:05"),
        ];

        string runId;
        JsonArray atTheKill;
        await using (var doomed = await LocalHostProcess.StartAsync(settings, TimeSpan.FromSeconds(60)))
        {
            var first = new EngagementClient(doomed.CreateClient());
            var (_, started) = await first.StartAsync($"{{\"domain\":\"{Domain}\"}}");
            runId = started!["run_id"]!.GetValue<string>();
            while (_openAi.RequestCount == 0)
            {
                await Task.Delay(50);
            }

            // The analyses take 2 s each: the host dies while they are in flight.
            atTheKill = await first.StatusAsync(Domain, runId);
            await doomed.KillAsync();
        }

        var requestsBeforeTheKill = _openAi.RequestCount;
        await using var fresh = await LocalHostProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
        var client = new EngagementClient(fresh.CreateClient());
        // Recovery waits out the killed host's partition leases and message visibility before redoing 2 s analyses; on a
        // loaded 2-core CI machine that took over 120 s once, while the run was still making progress.
        var done = await client.WaitAsync(Domain, runId, TimeSpan.FromSeconds(240));

        Assert.Equal("processing", atTheKill.Single()!["status"]!.GetValue<string>());
        Assert.True(_openAi.RequestCount > requestsBeforeTheKill, "the fresh host did not redo the analyses the killed one lost");
        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal(4, done["summary"]!["meetings_count"]!.GetValue<int>());
        Assert.Equal(FakeOpenAiServer.Model, done["summary"]!["provenance"]!["generator"]!.GetValue<string>());
        var runs = await fresh.CreateClient().GetFromJsonAsync<JsonObject>($"/api/engagement-runs?domain={Domain}&limit=1000");
        Assert.Single(runs!["items"]!.AsArray(), r => r!["run_id"]!.GetValue<string>() == runId);
    }

    private static async Task<JsonObject> RunAsync(EngagementClient client)
    {
        var (_, started) = await client.StartAsync($"{{\"domain\":\"{Domain}\"}}");
        return await client.WaitAsync(Domain, started!["run_id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));
    }

    private EngagementAppFactory App(params (string Key, string Value)[] extra) =>
        new(azurite.Server, null, [.. Settings(), .. extra]);

    private (string Key, string Value)[] Settings() =>
    [
        ("FATHOM_API_KEY", FakeFathomServer.ApiKey),
        ("FATHOM_BASE_URL", _fathom.BaseUrl.ToString()),
        ("OPENAI_API_KEY", FakeOpenAiServer.ApiKey),
        ("OPENAI_BASE_URL", _openAi.BaseUrl.ToString()),
        ("OPENAI_MODEL", FakeOpenAiServer.Model),
    ];

    private static List<JsonObject> Meetings(int count) => Enumerable.Range(1, count)
        .Select(i => FathomMeetings.Meeting(
            5000 + i,
            DateTimeOffset.UtcNow.AddDays(-i),
            [FathomMeetings.Ours, FathomMeetings.Acme],
            [
                FathomMeetings.Line("Sarah Lindqvist", "Our goal is to retire the old BI tool by Q3.", "00:00:05"),
                FathomMeetings.Line("Maya Chen", "What is in the way?", "00:00:12"),
                FathomMeetings.Line("Sarah Lindqvist", "The problem is the data migration keeps slipping.", "00:00:20"),
                FathomMeetings.Line("Sarah Lindqvist", "The risk is that the renewal goes to a competitor if it slips again.", "00:00:31"),
            ]))
        .ToList();
}
