using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Engagement.Meetings;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Engagement;

public sealed class EngagementRequestTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngagementAppFactory _app = null!;
    private EngagementClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new EngagementAppFactory(azurite.Server, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>()));
        _client = new EngagementClient(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{\"domain\": ", "not valid JSON")]
    [InlineData("[\"acmecorp.com\"]", "JSON object")]
    [InlineData("{}", "no \"domain\"")]
    [InlineData("{\"domain\": null}", "no \"domain\"")]
    [InlineData("{\"domain\": 42}", "must be a string")]
    [InlineData("{\"domain\": \"\"}", "required")]
    [InlineData("{\"domain\": \"not a domain\"}", "not")]
    [InlineData("{\"domain\": \"10.0.0.1\"}", "IP address")]
    [InlineData("{\"domain\": \"\\ud800.com\"}", "not valid text")]
    public async Task Bad_start_requests_get_a_400_problem_that_says_why(string body, string reason)
    {
        var (response, problem) = await _client.StartAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(reason, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_1_MB_body_gets_413()
    {
        var body = "{\"domain\":\"" + new string('a', 1024 * 1024) + ".com\"}";

        var (response, problem) = await _client.StartAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("KiB", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/engagement-status", "domain")]
    [InlineData("/api/engagement-status?domain=acmecorp.com", "run_id")]
    [InlineData("/api/engagement-status?domain=acmecorp.com&run_id=not-a-uuid", "run_id")]
    [InlineData("/api/engagement-status?domain=bad%20domain&run_id=5b0c3c52-8d0f-4a55-9a3e-0d6c2b3a4f10", "not")]
    public async Task Missing_or_malformed_status_parameters_get_a_400_problem(string url, string mentions)
    {
        var response = await _client.Http.GetAsync(url);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentions, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_and_body_replay_the_first_answer_without_starting_another_run()
    {
        var domain = EngagementRunTests.UniqueDomain();
        var key = Guid.NewGuid().ToString();

        var (first, firstBody) = await _client.StartAsync($"{{\"domain\":\"{domain}\"}}", key);
        var (second, secondBody) = await _client.StartAsync($"{{\"domain\":\"{domain}\"}}", key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstBody!.ToJsonString(), secondBody!.ToJsonString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var runs = await _client.Http.GetStringAsync($"/api/engagement-runs?domain={domain}");
        Assert.Single(JsonNode.Parse(runs)!["items"]!.AsArray());
    }

    [Fact]
    public async Task The_same_key_with_another_body_gets_422()
    {
        var key = Guid.NewGuid().ToString();
        await _client.StartAsync($"{{\"domain\":\"{EngagementRunTests.UniqueDomain()}\"}}", key);

        var (response, problem) = await _client.StartAsync($"{{\"domain\":\"{EngagementRunTests.UniqueDomain()}\"}}", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("different request body", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_while_the_first_request_is_in_flight_gets_409()
    {
        var key = Guid.NewGuid().ToString();
        var body = $"{{\"domain\":\"{EngagementRunTests.UniqueDomain()}\"}}";
        var store = _app.Services.GetRequiredService<IdempotencyStore>();
        await store.ClaimAsync("engagement-summary", key, IdempotentCommands.Fingerprint("POST", "/api/engagement-summary", Encoding.UTF8.GetBytes(body)), Guid.NewGuid().ToString(), CancellationToken.None);

        var (response, problem) = await _client.StartAsync(body, key);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("still being processed", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData(null)]
    public async Task A_malformed_idempotency_key_gets_400(string? key)
    {
        key ??= new string('k', 256);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/engagement-summary")
        {
            Content = new StringContent("{\"domain\":\"acmecorp.com\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_list_pages_through_runs_with_a_continuation()
    {
        var domain = EngagementRunTests.UniqueDomain();
        for (var i = 0; i < 3; i++)
        {
            await _client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        }

        var first = await _client.Http.GetAsync($"/api/engagement-runs?domain={domain}&limit=2");
        var page = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var continuation = page["continuation"]!.GetValue<string>();
        var second = JsonNode.Parse(await _client.Http.GetStringAsync($"/api/engagement-runs?domain={domain}&limit=2&continuation={Uri.EscapeDataString(continuation)}"))!;

        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.Equal(continuation, first.Headers.GetValues("x-ms-continuation-token").Single());
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["continuation"]);
    }

    [Fact]
    public async Task The_admin_list_of_every_domain_pages_in_key_order_without_repeats_or_gaps()
    {
        var started = new List<(string Domain, string RunId)>();
        foreach (var domain in new[] { EngagementRunTests.UniqueDomain(), EngagementRunTests.UniqueDomain() })
        {
            for (var i = 0; i < 3; i++)
            {
                var (_, body) = await _client.StartAsync($"{{\"domain\":\"{domain}\"}}");
                started.Add((domain, body!["run_id"]!.GetValue<string>()));
            }
        }

        var listed = new List<(string Domain, string RunId)>();
        string? continuation = null;
        do
        {
            var query = "/api/engagement-runs?limit=5" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = JsonNode.Parse(await _client.Http.GetStringAsync(query))!;
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 1, 5);
            listed.AddRange(items.Select(item => (item!["domain"]!.GetValue<string>(), item["run_id"]!.GetValue<string>())));
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);

        // Other tests add runs meanwhile, so the list is checked for order and for holding these runs, not for its length.
        Assert.Equal(listed.OrderBy(run => run.Domain, StringComparer.Ordinal).ThenBy(run => run.RunId, StringComparer.Ordinal), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.All(started, run => Assert.Contains(run, listed));
    }

    public static TheoryData<string, string> MalformedContinuations => new()
    {
        { "not a token", "not base64url" },
        { "%%%", "not base64url" },
        { "eyJ4IjoxfQ", "not a position" },
        { "WzEsMl0", "not a position" },
        { Base64Url.EncodeToString("{\"p\":\"acmecorp.com' or true or '\",\"r\":\"0196a5c4-1f00-7000-8000-000000000000\"}"u8), "not a position" },
        { Base64Url.EncodeToString("{\"p\":\"acmecorp.com\",\"r\":\"not-a-run-id\"}"u8), "not a position" },
        { new string('A', 5000), "longer than" },
    };

    [Theory]
    [MemberData(nameof(MalformedContinuations))]
    public async Task A_malformed_list_continuation_gets_a_400_problem_that_says_why(string continuation, string reason)
    {
        var response = await _client.Http.GetAsync($"/api/engagement-runs?limit=2&continuation={Uri.EscapeDataString(continuation)}");

        var detail = (await ProblemJson.ReadAsync(response, 400)).GetProperty("detail").GetString()!;
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        Assert.Contains("continuation", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_continuation_of_one_domain_listing_is_refused_for_another_domain()
    {
        var domain = EngagementRunTests.UniqueDomain();
        for (var i = 0; i < 2; i++)
        {
            await _client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        }

        var page = JsonNode.Parse(await _client.Http.GetStringAsync($"/api/engagement-runs?domain={domain}&limit=1"))!;
        var continuation = Uri.EscapeDataString(page["continuation"]!.GetValue<string>());
        var response = await _client.Http.GetAsync($"/api/engagement-runs?domain={EngagementRunTests.UniqueDomain()}&continuation={continuation}");

        var detail = (await ProblemJson.ReadAsync(response, 400)).GetProperty("detail").GetString()!;
        Assert.Contains("another domain", detail, StringComparison.Ordinal);
    }
}
