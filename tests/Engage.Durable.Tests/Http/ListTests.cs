using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.Durable.Client;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests.Http;

public sealed class ListTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>, IAsyncLifetime
{
    private const string Continuation = "x-ms-continuation-token";

    private readonly string _prefix = "list-" + Guid.NewGuid().ToString("N")[..8] + "-";

    private static string Instances => $"{ManagementApiFixture.BasePath}/instances";

    private string[] Done => [_prefix + "done-0", _prefix + "done-1", _prefix + "done-2"];

    private string[] Waiting => [_prefix + "wait-0", _prefix + "wait-1"];

    public async Task InitializeAsync()
    {
        foreach (var id in Done)
        {
            await fixture.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { id }, new StartOrchestrationOptions(id));
        }

        foreach (var id in Waiting)
        {
            await fixture.Client.ScheduleNewOrchestrationInstanceAsync("WaitForever", 0, new StartOrchestrationOptions(id));
        }

        foreach (var id in Done)
        {
            await fixture.Client.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);
        }

        foreach (var id in Waiting)
        {
            await fixture.Client.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var id in Waiting)
        {
            await fixture.Client.TerminateInstanceAsync(id, "test over");
        }
    }

    [Fact]
    public async Task Pages_of_top_2_follow_the_continuation_token_to_every_instance()
    {
        var pages = new List<string[]>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?instanceIdPrefix={_prefix}&top=2");
            if (token is not null)
            {
                request.Headers.Add(Continuation, token);
            }

            using var response = await fixture.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await response.Content.ReadFromJsonAsync<JsonElement[]>())!.Select(i => i.GetProperty("instanceId").GetString()!).ToArray());
            token = response.Headers.TryGetValues(Continuation, out var values) ? values.Single() : null;
        }
        while (token is not null && pages.Count < 20);

        Assert.All(pages, page => Assert.True(page.Length <= 2, $"a page of top=2 held {page.Length}"));
        Assert.True(pages.Count >= 3, $"5 instances came in {pages.Count} pages of at most 2");
        Assert.Equal([.. Done, .. Waiting], pages.SelectMany(p => p).Order());
    }

    [Fact]
    public async Task RuntimeStatus_filters_comma_separated_or_repeated()
    {
        var running = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Running");
        var comma = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Completed,Running");
        var repeated = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Completed&runtimeStatus=Running");
        var failed = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Failed");

        Assert.Equal(Waiting, Ids(running));
        Assert.All(running, i => Assert.Equal("Running", i.GetProperty("runtimeStatus").GetString()));
        Assert.Equal([.. Done, .. Waiting], Ids(comma));
        Assert.Equal([.. Done, .. Waiting], Ids(repeated));
        Assert.Empty(failed);
    }

    [Fact]
    public async Task The_prefix_and_creation_times_filter_and_items_are_status_objects()
    {
        var done = await ListAsync($"instanceIdPrefix={_prefix}done-");
        var future = await ListAsync($"instanceIdPrefix={_prefix}&createdTimeFrom={DateTime.UtcNow.AddHours(1):o}");
        var past = await ListAsync($"instanceIdPrefix={_prefix}&createdTimeTo=2020-01-01T00:00:00Z");

        Assert.Equal(Done, Ids(done));
        var first = done.Single(i => i.GetProperty("instanceId").GetString() == Done[0]);
        Assert.Equal("Sequence", first.GetProperty("name").GetString());
        Assert.Equal(Done[0], first.GetProperty("input")[0].GetString());
        Assert.Equal($"Hello {Done[0]}!", first.GetProperty("output")[0].GetString());
        Assert.False(first.TryGetProperty("historyEvents", out _));
        Assert.Empty(future);
        Assert.Empty(past);
    }

    [Fact]
    public async Task ShowInput_false_lists_without_inputs()
    {
        var listed = await ListAsync($"instanceIdPrefix={_prefix}&showInput=false");

        Assert.Equal(5, listed.Length);
        Assert.All(listed, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("input").ValueKind));
    }

    [Theory]
    [InlineData("runtimeStatus=Sleeping", "Sleeping")]
    [InlineData("top=0", "top")]
    [InlineData("top=many", "top")]
    [InlineData("createdTimeFrom=last-week", "createdTimeFrom")]
    public async Task A_bad_filter_is_400(string query, string expectedInDetail)
    {
        using var response = await fixture.Http.GetAsync($"{Instances}?{query}");

        Assert.Contains(expectedInDetail, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    private static string[] Ids(JsonElement[] instances) =>
        instances.Select(i => i.GetProperty("instanceId").GetString()!).Order().ToArray();

    private async Task<JsonElement[]> ListAsync(string query)
    {
        using var response = await fixture.Http.GetAsync($"{Instances}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(Continuation));
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
    }
}
