using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Runs;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Engagement.Runs;

/// <summary>Runs stay bounded: a cap on meetings, histories that do not grow with them, and summaries of any size.</summary>
public sealed class LargeRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_200_meeting_run_completes_in_small_histories_with_a_summary_larger_than_a_table_property()
    {
        var domain = EngagementRunTests.UniqueDomain();
        var meetings = new ScriptedMeetingSource();
        meetings.Serve(domain, Meetings(domain, 200, inviteesEach: 6));
        await using var app = new EngagementAppFactory(azurite.Server, meetings, ("ENGAGEMENT_MAX_MEETINGS", "200"), ("ENGAGEMENT_MAX_PARALLEL_ANALYSES", "16"));
        var client = new EngagementClient(app.CreateClient());
        var durable = app.Services.GetRequiredService<DurableTaskClient>();

        var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        var runId = started!["run_id"]!.GetValue<string>();
        var done = await client.WaitAsync(domain, runId, TimeSpan.FromMinutes(3));
        await durable.WaitForInstanceCompletionAsync(runId);
        var batches = new List<OrchestrationMetadata>();
        await foreach (var batch in durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = runId + ":" }))
        {
            batches.Add(batch);
        }

        var latest = await client.Http.GetStringAsync($"/api/engagement-summary/{domain}/latest");

        Assert.Equal("complete", done["status"]!.GetValue<string>());
        var summary = done["summary"]!.AsObject();
        Assert.Equal(200, summary["meetings_count"]!.GetValue<int>());
        Assert.Equal(1200, summary["people"]!.AsArray().Count);
        Assert.Equal((200, 200), (summary["provenance"]!["meetings_found"]!.GetValue<int>(), summary["provenance"]!["meetings_cap"]!.GetValue<int>()));
        Assert.True(summary.ToJsonString().Length > EngagementRunStore.MaxInlineSummaryLength * 4, $"the summary is only {summary.ToJsonString().Length} characters");
        Assert.Equal(summary.ToJsonString(), JsonNode.Parse(latest)!["summary"]!.ToJsonString());
        Assert.Equal(200 / EngagementAggregationOrchestrator.BatchSize, batches.Count);
        Assert.InRange((await durable.GetOrchestrationHistoryAsync(runId)).Count, 1, 60);
        foreach (var batch in batches)
        {
            Assert.InRange((await durable.GetOrchestrationHistoryAsync(batch.InstanceId)).Count, 1, 400);
        }
    }

    [Fact]
    public async Task A_run_takes_the_newest_meetings_up_to_its_cap_and_says_so_in_the_provenance()
    {
        var domain = EngagementRunTests.UniqueDomain();
        var meetings = new ScriptedMeetingSource();
        var all = Meetings(domain, 30, inviteesEach: 1);
        meetings.Serve(domain, all);
        await using var app = new EngagementAppFactory(azurite.Server, meetings, ("ENGAGEMENT_MAX_MEETINGS", "10"));
        var client = new EngagementClient(app.CreateClient());

        var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        var done = await client.WaitAsync(domain, started!["run_id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));

        var provenance = done["summary"]!["provenance"]!;
        Assert.Equal(10, done["summary"]!["meetings_count"]!.GetValue<int>());
        Assert.Equal((30, 10), (provenance["meetings_found"]!.GetValue<int>(), provenance["meetings_cap"]!.GetValue<int>()));
        Assert.Equal(
            all.OrderByDescending(m => m.StartedAt).Take(10).Select(m => m.RecordingId).Order(),
            provenance["meeting_ids"]!.AsArray().Select(id => id!.GetValue<long>()).Order());
    }

    /// <summary><paramref name="count"/> short meetings, each with its own <paramref name="inviteesEach"/> people from the domain.</summary>
    private static List<Meeting> Meetings(string domain, int count, int inviteesEach) => Enumerable.Range(1, count)
        .Select(i => new Meeting(
            10_000 + i,
            $"Call {i}",
            DateTimeOffset.UtcNow.AddHours(-i),
            DateTimeOffset.UtcNow.AddHours(-i).AddMinutes(30),
            [.. Enumerable.Range(1, inviteesEach).Select(p => new MeetingInvitee($"Person {i}-{p}", $"person.{i}.{p}@{domain}", true))],
            [
                new TranscriptLine($"Person {i}-1", null, "Our goal is to roll the platform out to every region this year.", TimeSpan.FromSeconds(5)),
                new TranscriptLine($"Person {i}-1", null, "The risk is that the budget review delays the renewal.", TimeSpan.FromSeconds(20)),
            ]))
        .ToList();
}
