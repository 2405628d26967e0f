using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Summaries;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Bench;

/// <summary>
/// The engagement API in process against a private Azurite: start and status latency under 50
/// concurrent clients, and one 50-meeting run end to end with an LLM that takes 200 ms a call.
/// </summary>
internal static class EngagementBench
{
    private const int Clients = 50;
    private const int Rounds = 4;
    private const int Meetings = 50;
    private static readonly TimeSpan LlmLatency = TimeSpan.FromMilliseconds(200);

    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();

        var analyzer = new SlowAnalyzer(LlmLatency);
        await using var app = await BenchApp.StartAsync(
            azurite,
            [],
            services =>
            {
                services.RemoveAll<IMeetingSource>();
                services.AddSingleton<IMeetingSource>(new SyntheticMeetings());
                services.RemoveAll<IMeetingAnalyzer>();
                services.AddSingleton<IMeetingAnalyzer>(analyzer);
            },
            cancellationToken);
        using var http = BenchApp.Client(app);

        await StartAsync(http, "warmup.example.com");
        var starts = new Percentiles();
        var statuses = new Percentiles();

        // Each client behaves as the frontend: start, then poll until the run is done.
        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                var runId = string.Empty;
                await starts.MeasureAsync(async () => runId = await StartAsync(http, "empty.example.com"));
                var status = "processing";
                while (status == "processing")
                {
                    await Task.Delay(250, cancellationToken);
                    await statuses.MeasureAsync(async () => status = await StatusAsync(http, "empty.example.com", runId, cancellationToken));
                }
            }));
        }

        var clock = Stopwatch.StartNew();
        var bigRun = await StartAsync(http, SyntheticMeetings.Domain);
        string status;
        do
        {
            await Task.Delay(100, cancellationToken);
            status = await StatusAsync(http, SyntheticMeetings.Domain, bigRun, cancellationToken);
        }
        while (status == "processing");

        await app.StopAsync(cancellationToken);

        var e2e = clock.Elapsed.TotalSeconds;
        return new Dictionary<string, object>
        {
            ["start_ms_p50"] = starts.At(50),
            ["start_ms_p95"] = starts.At(95),
            ["status_ms_p50"] = statuses.At(50),
            ["status_ms_p95"] = statuses.At(95),
            ["e2e_50_meetings_s"] = Math.Round(e2e, 2),
            ["e2e_serial_estimate_s"] = Math.Round(analyzer.Calls * LlmLatency.TotalSeconds, 2),
            ["llm_calls"] = analyzer.Calls,
            ["e2e_status"] = status,
        };
    }

    private static async Task<string> StatusAsync(HttpClient http, string domain, string runId, CancellationToken cancellationToken)
    {
        var records = await http.GetFromJsonAsync<JsonArray>($"/api/engagement-status?domain={domain}&run_id={runId}", cancellationToken);
        return records![0]!["status"]!.GetValue<string>();
    }

    private static async Task<string> StartAsync(HttpClient http, string domain)
    {
        var response = await http.PostAsync("/api/engagement-summary", new StringContent($"{{\"domain\":\"{domain}\"}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["run_id"]!.GetValue<string>();
    }

    /// <summary>An LLM stand-in: the heuristic's answer after a fixed delay.</summary>
    private sealed class SlowAnalyzer(TimeSpan latency) : IMeetingAnalyzer
    {
        private readonly HeuristicMeetingAnalyzer _heuristic = new();
        private int _calls;

        public int Calls => _calls;

        public async Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(latency, cancellationToken);
            return (await _heuristic.AnalyzeAsync(excerpt, cancellationToken)) with { Generator = "bench-llm" };
        }
    }

    /// <summary>Fifty meetings with the customer, each a short realistic transcript.</summary>
    private sealed class SyntheticMeetings : IMeetingSource
    {
        public const string Domain = "bigcustomer.example.com";

        public string Name => "synthetic";

        public Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken)
        {
            if (domain != Domain)
            {
                return Task.FromResult<IReadOnlyList<Meeting>>([]);
            }

            var now = DateTimeOffset.UtcNow;
            IReadOnlyList<Meeting> meetings = Enumerable.Range(1, Meetings).Select(i => new Meeting(
                i,
                $"Sync {i}",
                now.AddDays(-i),
                null,
                [new MeetingInvitee("Ann Buyer", $"ann@{Domain}", true), new MeetingInvitee("Sam Seller", "sam@engage-demo.io", false)],
                Enumerable.Range(0, 40).Select(line => new TranscriptLine(
                    line % 2 == 0 ? "Ann Buyer" : "Sam Seller",
                    null,
                    (line % 4) switch
                    {
                        0 => $"Our goal is to finish rollout phase {i} before the quarter ends.",
                        1 => "What is blocking the migration this week?",
                        2 => "The problem is that reporting exports keep timing out for the finance team.",
                        _ => "The risk is that the renewal slips if adoption stays low.",
                    },
                    TimeSpan.FromSeconds(line * 15))).ToList())).ToList();
            return Task.FromResult(meetings);
        }
    }
}
