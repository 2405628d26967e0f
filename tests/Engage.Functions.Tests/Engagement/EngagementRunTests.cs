using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Meetings;
using Engage.Testing;

namespace Engage.Functions.Tests.Engagement;

public sealed class EngagementRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_run_starts_polls_and_completes_with_a_summary_built_from_the_meetings()
    {
        var domain = UniqueDomain();
        var source = new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>> { [domain] = SampleMeetings.For(domain, 4, DateTimeOffset.UtcNow) });
        await using var app = new EngagementAppFactory(azurite.Server, source);
        var client = new EngagementClient(app.CreateClient());

        var (response, started) = await client.StartAsync($"{{\"domain\": \"https://www.{domain.ToUpperInvariant()}/about\"}}");
        var runId = started!["run_id"]!.GetValue<string>();
        var firstPoll = await client.StatusAsync(domain, runId);
        var done = await client.WaitAsync(domain, runId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(
            ["ok", "domain", "run_id", "status", "id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"],
            started.Select(p => p.Key));
        Assert.True(started["ok"]!.GetValue<bool>());
        Assert.Equal(domain, started["domain"]!.GetValue<string>());
        Assert.Equal("processing", started["status"]!.GetValue<string>());
        Assert.Equal(started["statusQueryGetUri"]!.GetValue<string>(), response.Headers.Location!.ToString());
        Assert.Single(firstPoll);

        Assert.Equal("complete", done["status"]!.GetValue<string>());
        Assert.Equal(["domain", "run_id", "status", "summary", "error", "created_at", "updated_at", "progress"], done.Select(p => p.Key));
        var summary = done["summary"]!.AsObject();
        Assert.Equal(4, summary["meetings_count"]!.GetValue<int>());
        var people = summary["people"]!.AsArray();
        Assert.Equal(3, people.Count);
        Assert.Equal($"dana@{domain}", people[0]!["email"]!.GetValue<string>());
        Assert.Equal(4, people[0]!["meetings_attended"]!.GetValue<int>());
        Assert.DoesNotContain(people, p => p!["email"]!.GetValue<string>().EndsWith("engage-demo.io", StringComparison.Ordinal));
        foreach (var list in new[] { "themes", "goals", "challenges", "risks", "recommendations" })
        {
            Assert.NotEmpty(summary[list]!.AsArray());
        }

        Assert.Equal("static", summary["provenance"]!["source"]!.GetValue<string>());
        Assert.Equal(4, summary["provenance"]!["meeting_ids"]!.AsArray().Count);
        Assert.Equal("analyzed 4 of 4", done["progress"]!.GetValue<string>());
        Assert.Equal("null", JsonValueKind(done["error"]));
    }

    [Fact]
    public async Task A_domain_without_meetings_completes_with_an_empty_summary()
    {
        await using var app = new EngagementAppFactory(azurite.Server, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>()));
        var client = new EngagementClient(app.CreateClient());
        var domain = UniqueDomain();

        var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        var done = await client.WaitAsync(domain, started!["run_id"]!.GetValue<string>());

        Assert.Equal("complete", done["status"]!.GetValue<string>());
        var summary = done["summary"]!.AsObject();
        Assert.Equal(0, summary["meetings_count"]!.GetValue<int>());
        foreach (var list in new[] { "people", "themes", "goals", "challenges", "risks", "recommendations" })
        {
            Assert.Empty(summary[list]!.AsArray());
        }
    }

    [Fact]
    public async Task A_failing_meeting_source_ends_the_run_as_error_with_its_readable_message()
    {
        const string failure = "Fathom rejected the API key (401); check FATHOM_API_KEY.";
        await using var app = new EngagementAppFactory(azurite.Server, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>(), failure));
        var client = new EngagementClient(app.CreateClient());
        var domain = UniqueDomain();

        var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        var done = await client.WaitAsync(domain, started!["run_id"]!.GetValue<string>());

        Assert.Equal("error", done["status"]!.GetValue<string>());
        Assert.Equal(failure, done["error"]!.GetValue<string>());
        Assert.Equal("null", JsonValueKind(done["summary"]));
    }

    [Fact]
    public async Task Concurrent_runs_for_one_domain_and_for_several_domains_are_separate_and_all_complete()
    {
        var domains = Enumerable.Range(0, 3).Select(_ => UniqueDomain()).ToList();
        var source = new StaticMeetingSource(domains.ToDictionary(d => d, d => SampleMeetings.For(d, 2, DateTimeOffset.UtcNow)));
        await using var app = new EngagementAppFactory(azurite.Server, source);
        var client = new EngagementClient(app.CreateClient());

        var starts = await Task.WhenAll(domains.SelectMany(d => Enumerable.Repeat(d, 3)).Select(d => client.StartAsync($"{{\"domain\":\"{d}\"}}")));
        var runs = starts.Select(s => (Domain: s.Body!["domain"]!.GetValue<string>(), RunId: s.Body!["run_id"]!.GetValue<string>())).ToList();
        var done = await Task.WhenAll(runs.Select(r => client.WaitAsync(r.Domain, r.RunId)));

        Assert.Equal(9, runs.Select(r => r.RunId).Distinct().Count());
        Assert.All(done, d => Assert.Equal("complete", d["status"]!.GetValue<string>()));
        Assert.All(done, d => Assert.Equal(2, d["summary"]!["meetings_count"]!.GetValue<int>()));
        var latest = await client.Http.GetAsync($"/api/engagement-summary/{domains[0]}/latest");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
    }

    [Fact]
    public async Task Status_of_an_unknown_run_is_an_empty_array_and_latest_without_runs_is_404()
    {
        await using var app = new EngagementAppFactory(azurite.Server, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>()));
        var client = new EngagementClient(app.CreateClient());

        var unknown = await client.StatusAsync(UniqueDomain(), Guid.NewGuid().ToString());
        var latest = await client.Http.GetAsync($"/api/engagement-summary/{UniqueDomain()}/latest");

        Assert.Empty(unknown);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
        Assert.Equal("application/problem+json", latest.Content.Headers.ContentType!.MediaType);
    }

    internal static string UniqueDomain() => $"t{Guid.NewGuid().ToString("N")[..12]}.example.com";

    private static string JsonValueKind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString();
}
