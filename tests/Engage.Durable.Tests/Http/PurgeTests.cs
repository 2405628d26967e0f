using System.Net;
using System.Text.Json;
using Engage.Durable.Client;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests.Http;

/// <summary>Tests in one class run one at a time, so a purge by creation time sees only the instances its test created.</summary>
public sealed class PurgeTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>
{
    private static string Instances => $"{ManagementApiFixture.BasePath}/instances";

    [Fact]
    public async Task Purging_a_finished_instance_is_200_with_the_count_then_it_is_gone()
    {
        var links = await fixture.StartAndReadLinksAsync("Sequence", new[] { "Ada" });
        (await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri)).Dispose();

        using var purged = await fixture.Http.DeleteAsync(links.PurgeHistoryDeleteUri);
        using var status = await fixture.Http.GetAsync(links.StatusQueryGetUri);
        using var again = await fixture.Http.DeleteAsync(links.PurgeHistoryDeleteUri);

        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal("{\"instancesDeleted\":1}", await purged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        await ProblemJson.ReadDetailAsync(again, 404);
        Assert.Empty(await fixture.Client.GetInstanceHistoryAsync(links.Id));
    }

    [Fact]
    public async Task Purging_a_running_instance_is_412_and_leaves_it_running()
    {
        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0);
        await fixture.Client.WaitForStatusAsync(links.Id, OrchestrationRuntimeStatus.Running);

        using var refused = await fixture.Http.DeleteAsync(links.PurgeHistoryDeleteUri);
        using var status = await fixture.Http.GetAsync(links.StatusQueryGetUri);

        Assert.Contains("Running", await ProblemJson.ReadDetailAsync(refused, 412), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        await fixture.Client.TerminateInstanceAsync(links.Id, "test over");
    }

    [Fact]
    public async Task Purging_by_creation_time_removes_the_finished_instances_of_the_window()
    {
        var from = DateTimeOffset.UtcNow;
        var done = new[] { await StartAsync("Sequence", new[] { "a" }), await StartAsync("Sequence", new[] { "b" }) };
        var running = await StartAsync("WaitForever", 0);
        foreach (var id in done)
        {
            await fixture.Client.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);
        }

        using var onlyFailed = await fixture.Http.DeleteAsync($"{Instances}?createdTimeFrom={Iso(from)}&runtimeStatus=Failed");
        using var purged = await fixture.Http.DeleteAsync($"{Instances}?createdTimeFrom={Iso(from)}");
        using var nothingLeft = await fixture.Http.DeleteAsync($"{Instances}?createdTimeFrom={Iso(from)}&createdTimeTo={Iso(DateTimeOffset.UtcNow)}");

        await ProblemJson.ReadDetailAsync(onlyFailed, 404);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await purged.Content.ReadAsStringAsync()).RootElement.GetProperty("instancesDeleted").GetInt32());
        foreach (var id in done)
        {
            Assert.Null(await fixture.Client.GetInstanceAsync(id));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Client.GetInstanceAsync(running))?.RuntimeStatus);
        await ProblemJson.ReadDetailAsync(nothingLeft, 404);
        await fixture.Client.TerminateInstanceAsync(running, "test over");
    }

    [Theory]
    [InlineData("runtimeStatus=Completed", "createdTimeFrom")]
    [InlineData("createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("createdTimeFrom=2024-01-01T00:00:00Z&runtimeStatus=Running", "Running")]
    [InlineData("createdTimeFrom=2024-01-01T00:00:00Z&runtimeStatus=Done", "Done")]
    public async Task Purging_many_with_a_bad_filter_is_400(string query, string expectedInDetail)
    {
        using var response = await fixture.Http.DeleteAsync($"{Instances}?{query}");

        Assert.Contains(expectedInDetail, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("o");

    private Task<string> StartAsync(string orchestrator, object input) =>
        fixture.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions("purge-" + Guid.NewGuid().ToString("N")));
}
