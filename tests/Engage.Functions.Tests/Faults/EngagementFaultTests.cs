using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Tests.Engagement;
using Engage.Functions.Tests.Engagement.Meetings;
using Engage.Functions.Tests.Llm;
using Engage.Testing;

namespace Engage.Functions.Tests.Faults;

/// <summary>Fault matrix: the LLM fails for every call, and Fathom rate-limits for a while or for good.</summary>
public sealed class EngagementFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private FakeOpenAiServer _openAi = null!;
    private FakeFathomServer _fathom = null!;

    public async Task InitializeAsync()
    {
        _openAi = await FakeOpenAiServer.StartAsync();
        _fathom = await FakeFathomServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _openAi.DisposeAsync();
        await _fathom.DisposeAsync();
    }

    public static TheoryData<string> LlmFaults => ["500", "timeout"];

    [Theory]
    [MemberData(nameof(LlmFaults))]
    public async Task An_LLM_that_fails_every_call_leaves_every_run_complete_through_the_heuristic_with_the_breaker_open_on_health(string fault)
    {
        _openAi.Default = fault == "500"
            ? FakeReply.Failure(500)
            : FakeReply.Analysis(FakeOpenAiServer.SampleLists) with { Delay = TimeSpan.FromSeconds(30) };
        var meetings = new ScriptedMeetingSource();
        var domains = Enumerable.Range(0, 5).Select(_ => ScriptedMeetingSource.NewDomain()).ToList();
        domains.ForEach(domain => meetings.Serve(domain, SampleMeetings.For(domain, 3, DateTimeOffset.UtcNow)));
        await using var app = new EngagementAppFactory(
            azurite.Server,
            meetings,
            ("OPENAI_API_KEY", FakeOpenAiServer.ApiKey),
            ("OPENAI_BASE_URL", _openAi.BaseUrl.ToString()),
            ("OPENAI_MODEL", FakeOpenAiServer.Model),
            ("OPENAI_TIMEOUT_SECONDS", "1"),
            ("OPENAI_MAX_RETRIES", "0"));
        var client = new EngagementClient(app.CreateClient());

        var runs = await Task.WhenAll(domains.Select(async domain =>
        {
            var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}");
            return await client.WaitAsync(domain, started!["run_id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));
        }));
        var health = JsonNode.Parse(await client.Http.GetStringAsync("/api/health"))!;

        Assert.All(runs, run =>
        {
            Assert.Equal("complete", run["status"]!.GetValue<string>());
            Assert.Equal("heuristic", run["summary"]!["provenance"]!["generator"]!.GetValue<string>());
            Assert.StartsWith("3 of 3 excerpts were analysed by the heuristic", run["summary"]!["provenance"]!["fallback_reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotEmpty(run["summary"]!["risks"]!.AsArray());
        });
        Assert.Contains("\"circuit\":\"open\"", health.ToJsonString(), StringComparison.Ordinal);
        Assert.InRange(_openAi.RequestCount, 5, 15);
    }

    [Fact]
    public async Task Fathom_rate_limiting_for_a_while_is_waited_out_and_the_run_completes_within_the_frontends_minute()
    {
        _fathom.Enqueue(Enumerable.Repeat(FakeFathomServer.Status(429, ("Retry-After", "3")), 3).ToArray());
        _fathom.Default = FakeFathomServer.Page([FathomMeetings.Meeting(9001, DateTimeOffset.UtcNow.AddDays(-1), [FathomMeetings.Ours, FathomMeetings.Acme], [FathomMeetings.Line("Sarah Lindqvist", "Our goal is to go live in March.", "00:00:05")])]);
        await using var app = FathomApp();
        var client = new EngagementClient(app.CreateClient());

        var (_, started) = await client.StartAsync("{\"domain\":\"acmecorp.com\"}");
        var done = await client.WaitAsync("acmecorp.com", started!["run_id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));

        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal(1, done["summary"]!["meetings_count"]!.GetValue<int>());
        Assert.Equal(4, _fathom.Requests.Count);
    }

    [Fact]
    public async Task Fathom_rate_limiting_that_does_not_clear_ends_the_run_as_error_with_a_clear_message_within_the_minute()
    {
        _fathom.Default = FakeFathomServer.Status(429, ("Retry-After", "1"));
        await using var app = FathomApp();
        var client = new EngagementClient(app.CreateClient());

        var (_, started) = await client.StartAsync("{\"domain\":\"acmecorp.com\"}");
        var done = await client.WaitAsync("acmecorp.com", started!["run_id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));

        Assert.Equal("error", done["status"]!.GetValue<string>());
        Assert.Equal("Fathom kept answering 429 (rate limited) after 5 attempts; try again in a minute.", done["error"]!.GetValue<string>());
    }

    /// <summary>
    /// On an Azurite of its own: two hundred runs and their pollers keep the emulator's one thread busy for most of a
    /// minute, and on the run's shared one every other test's storage calls would wait behind them for seconds.
    /// </summary>
    [Fact]
    public async Task Two_hundred_starts_from_fifty_concurrent_clients_with_pollers_all_complete_with_no_5xx()
    {
        var meetings = new ScriptedMeetingSource();
        var domains = Enumerable.Range(0, 50).Select(_ => ScriptedMeetingSource.NewDomain()).ToList();
        domains.ForEach(domain => meetings.Serve(domain, SampleMeetings.For(domain, 2, DateTimeOffset.UtcNow)));
        await using var ownAzurite = await AzuriteServer.StartAsync();
        await using var app = new EngagementAppFactory(ownAzurite, meetings);
        var http = app.CreateClient();
        var serverErrors = new ConcurrentBag<string>();
        var requests = 0;

        var runs = await Task.WhenAll(domains.Select(async domain =>
        {
            var done = new List<JsonObject>();
            for (var i = 0; i < 4; i++)
            {
                using var start = await http.PostAsync("/api/engagement-summary", new StringContent($"{{\"domain\":\"{domain}\"}}", System.Text.Encoding.UTF8, "application/json"));
                Interlocked.Increment(ref requests);
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                var runId = JsonNode.Parse(await start.Content.ReadAsStringAsync())!["run_id"]!.GetValue<string>();
                done.Add(await PollAsync(domain, runId));
            }

            return done;
        }));

        Assert.Empty(serverErrors);
        var all = runs.SelectMany(r => r).ToList();
        Assert.Equal(200, all.Select(r => r["run_id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(all, run => Assert.Equal("complete", run["status"]!.GetValue<string>()));
        Assert.All(all, run => Assert.Equal(2, run["summary"]!["meetings_count"]!.GetValue<int>()));
        Console.WriteLine($"200 runs, {requests} requests, 0 server errors");

        async Task<JsonObject> PollAsync(string domain, string runId)
        {
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (true)
            {
                using var poll = await http.GetAsync($"/api/engagement-status?domain={domain}&run_id={runId}");
                Interlocked.Increment(ref requests);
                if ((int)poll.StatusCode >= 500)
                {
                    serverErrors.Add($"{(int)poll.StatusCode} {await poll.Content.ReadAsStringAsync()}");
                }
                else if (JsonNode.Parse(await poll.Content.ReadAsStringAsync())!.AsArray().Single() is JsonObject record && record["status"]!.GetValue<string>() != "processing")
                {
                    return record;
                }

                Assert.True(DateTime.UtcNow < deadline, $"run {runId} still processing after 5 minutes");
                await Task.Delay(500);
            }
        }
    }

    private EngagementAppFactory FathomApp() => new(
        azurite.Server,
        null,
        ("FATHOM_API_KEY", FakeFathomServer.ApiKey),
        ("FATHOM_BASE_URL", _fathom.BaseUrl.ToString()));
}
