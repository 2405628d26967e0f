using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Idempotency;
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
        await store.ClaimAsync("engagement-summary", key, IdempotencyStore.Fingerprint(Encoding.UTF8.GetBytes(body)), Guid.NewGuid().ToString(), CancellationToken.None);

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
}
