using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.LocalHost.Durable.Management;
using Engage.LocalHost.Tests.Support;
using Engage.Testing;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

[Collection(EngageHostCollection.Name)]
public sealed class ListTests(EngageHost host)
{
    private const string Continuation = InstanceQueryEndpoints.ContinuationHeader;

    private readonly string _prefix = "list-" + Guid.NewGuid().ToString("N")[..8] + "-";

    [Fact]
    public async Task Pages_of_top_2_follow_the_continuation_token_both_ways_to_every_instance()
    {
        var ids = await StartCompletedAsync("done-0", "done-1", "done-2", "done-3", "done-4");

        var pages = new List<string[]>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{ManagementRoutes.Instances}?instanceIdPrefix={_prefix}&top=2");
            if (token is not null)
            {
                request.Headers.Add(Continuation, token);
            }

            using var response = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(Ids((await response.Content.ReadFromJsonAsync<JsonElement[]>())!));
            token = response.Headers.TryGetValues(Continuation, out var values) ? values.Single() : null;
        }
        while (token is not null && pages.Count < 20);

        Assert.All(pages, page => Assert.True(page.Length <= 2, $"a page of top=2 held {page.Length}"));
        Assert.True(pages.Count >= 3, $"5 instances came in {pages.Count} pages of at most 2");
        Assert.Equal(ids, pages.SelectMany(p => p).Order());
    }

    [Fact]
    public async Task The_prefix_runtime_status_and_creation_times_filter_and_items_are_status_objects()
    {
        var done = await StartCompletedAsync("done-0", "done-1");
        await using var blocked = await host.StartBlockedWithIdAsync(_prefix + "wait-0");
        var running = blocked.Id;

        var all = await ListAsync($"instanceIdPrefix={_prefix}");
        var onlyDone = await ListAsync($"instanceIdPrefix={_prefix}done-");
        var onlyRunning = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Running");
        var comma = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=completed,Running");
        var repeated = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Completed&runtimeStatus=Running");
        var failed = await ListAsync($"instanceIdPrefix={_prefix}&runtimeStatus=Failed");
        var future = await ListAsync($"instanceIdPrefix={_prefix}&createdTimeFrom={ManagementRoutes.Iso(DateTimeOffset.UtcNow.AddHours(1))}");
        var past = await ListAsync($"instanceIdPrefix={_prefix}&createdTimeTo=2020-01-01T00:00:00Z");
        var withoutInput = await ListAsync($"instanceIdPrefix={_prefix}&showInput=false");

        Assert.Equal([.. done, running], Ids(all).Order());
        Assert.Equal(done, Ids(onlyDone).Order());
        Assert.Equal([running], Ids(onlyRunning));
        Assert.Equal([.. done, running], Ids(comma).Order());
        Assert.Equal([.. done, running], Ids(repeated).Order());
        Assert.Empty(failed);
        Assert.Empty(future);
        Assert.Empty(past);
        var first = all.Single(i => i.GetProperty("instanceId").GetString() == done[0]);
        Assert.Equal(
            ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Completed", first.GetProperty("runtimeStatus").GetString());
        Assert.Equal(30, first.GetProperty("input").GetProperty("LookbackDays").GetInt32());
        Assert.Equal(0, first.GetProperty("output").GetProperty("meetings_count").GetInt32());
        Assert.All(withoutInput, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("input").ValueKind));
        Assert.Contains(withoutInput, i => i.GetProperty("output").ValueKind == JsonValueKind.Object);
    }

    [Theory]
    [InlineData("runtimeStatus=Sleeping", "Sleeping")]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("top=many", "top")]
    [InlineData("createdTimeFrom=last-week", "createdTimeFrom")]
    [InlineData("createdTimeTo=soon", "createdTimeTo")]
    [InlineData("showInput=no", "showInput")]
    [InlineData("runtimeStatus=%20", "names no status")]
    [InlineData("instanceIdPrefix=a%2Fb", "instanceIdPrefix")]
    public async Task A_bad_filter_is_400_naming_it(string query, string expectedInDetail)
    {
        using var response = await host.Http.GetAsync($"{ManagementRoutes.Instances}?{query}");

        Assert.Contains(expectedInDetail, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedTokens => new()
    {
        { "not a token", "not base64url" },
        { "%%%", "not base64url" },
        { "YWJj", "not one this host handed out" },
        { Convert.ToBase64String("list-d9172764-b"u8), "not one this host handed out" },
        { new string('A', 5000), "longer than" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task A_malformed_continuation_token_is_400_saying_so(string token, string expectedInDetail)
    {
        var detail = await ListWithTokenAsync(token);

        Assert.Contains(expectedInDetail, detail, StringComparison.Ordinal);
        Assert.Contains(Continuation, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_continuation_token_altered_by_one_character_is_400()
    {
        await StartCompletedAsync("done-0", "done-1", "done-2");
        using var first = await host.Http.GetAsync($"{ManagementRoutes.Instances}?instanceIdPrefix={_prefix}&top=1");
        var token = first.Headers.GetValues(Continuation).Single();
        var altered = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        var detail = await ListWithTokenAsync(altered);

        Assert.Contains("not one this host handed out", detail, StringComparison.Ordinal);
    }

    private static string[] Ids(IEnumerable<JsonElement> instances) =>
        [.. instances.Select(i => i.GetProperty("instanceId").GetString()!)];

    private async Task<string[]> StartCompletedAsync(params string[] suffixes)
    {
        var ids = suffixes.Select(s => _prefix + s).ToArray();
        foreach (var id in ids)
        {
            await host.StartWithIdAsync(id, ScriptedMeetingSource.NewDomain());
        }

        foreach (var id in ids)
        {
            await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);
        }

        return [.. ids.Order()];
    }

    private async Task<JsonElement[]> ListAsync(string query)
    {
        using var response = await host.Http.GetAsync($"{ManagementRoutes.Instances}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(Continuation), $"?{query} answered a continuation token for a handful of instances");
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
    }

    private async Task<string> ListWithTokenAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ManagementRoutes.Instances}?instanceIdPrefix={_prefix}&top=2");
        request.Headers.TryAddWithoutValidation(Continuation, token);
        using var response = await host.Http.SendAsync(request);
        return await ProblemJson.ReadDetailAsync(response, 400);
    }
}
