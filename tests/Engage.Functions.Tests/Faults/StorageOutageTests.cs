using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Tests.Engagement;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Faults;

/// <summary>Fault matrix: the storage account goes away in the middle of a run and comes back.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const string DurableStorageProvider = "AzureFunctionsJobHost:extensions:durableTask:storageProvider:";
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("engage-azurite-");
    private AzuriteServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync(_data.FullName);

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task Azurite_stopped_mid_run_and_started_5_s_later_the_run_completes_with_one_summary_and_one_run_row()
    {
        var domain = EngagementRunTests.UniqueDomain();
        var meetings = new ScriptedMeetingSource();
        meetings.Serve(domain, SampleMeetings.For(domain, 6, DateTimeOffset.UtcNow));
        var analyzer = new SlowAnalyzer();
        await using var app = new EngagementAppFactory(
            _azurite,
            meetings,
            ("ENGAGEMENT_MAX_PARALLEL_ANALYSES", "2"),

            // Messages whose completion the outage swallowed reappear after this, instead of the default 5 minutes.
            (DurableStorageProvider + "controlQueueVisibilityTimeout", "00:00:05"),
            (DurableStorageProvider + "workItemQueueVisibilityTimeout", "00:00:05"))
        {
            ExtraServices = services => services.Replace(ServiceDescriptor.Singleton<IMeetingAnalyzer>(analyzer)),
        };
        var client = new EngagementClient(app.CreateClient());

        var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        var runId = started!["run_id"]!.GetValue<string>();
        await analyzer.FirstCall.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await _azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await _azurite.RestartAsync();
        var done = await WaitThroughOutageAsync(client.Http, domain, runId, TimeSpan.FromMinutes(3));
        var runs = await client.Http.GetFromJsonAsync<JsonObject>($"/api/engagement-runs?domain={domain}&limit=100");

        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal(6, done["summary"]!["meetings_count"]!.GetValue<int>());
        Assert.Equal(runId, Assert.Single(runs!["items"]!.AsArray())!["run_id"]!.GetValue<string>());
    }

    /// <summary>
    /// Polls as the frontend does, through the outage; every poll that storage could not serve must be a 503 with
    /// Retry-After, never a 500.
    /// </summary>
    private static async Task<JsonObject> WaitThroughOutageAsync(HttpClient http, string domain, string runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var poll = await http.GetAsync($"/api/engagement-status?domain={domain}&run_id={runId}");
            if (poll.IsSuccessStatusCode)
            {
                var record = (JsonObject)JsonNode.Parse(await poll.Content.ReadAsStringAsync())!.AsArray().Single()!;
                if (record["status"]!.GetValue<string>() != "processing")
                {
                    return record;
                }
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, poll.StatusCode);
                Assert.NotNull(poll.Headers.RetryAfter);
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not end within {timeout}");
            await Task.Delay(250);
        }
    }

    /// <summary>The heuristic, a second per excerpt, so that analyses are in flight when storage goes.</summary>
    private sealed class SlowAnalyzer : IMeetingAnalyzer
    {
        public TaskCompletionSource FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken)
        {
            FirstCall.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return await new HeuristicMeetingAnalyzer().AnalyzeAsync(excerpt, cancellationToken);
        }
    }
}
