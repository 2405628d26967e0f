using System.Net;
using System.Text.Json;
using Engage.LocalHost.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

/// <summary>The tests of one collection run one at a time, so a purge by creation time sees only the instances its test created.</summary>
[Collection(EngageHostCollection.Name)]
public sealed class PurgeTests(EngageHost host)
{
    [Fact]
    public async Task Purging_a_finished_instance_is_200_with_the_count_then_it_is_gone()
    {
        var id = (await host.StartCompletedRunAsync()).GetProperty("id").GetString()!;

        using var purged = await host.Http.DeleteAsync(ManagementRoutes.Instance(id));
        using var status = await host.Http.GetAsync(ManagementRoutes.Instance(id));
        using var again = await host.Http.DeleteAsync(ManagementRoutes.Instance(id));

        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal("application/json", purged.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"instancesDeleted\":1}", await purged.Content.ReadAsStringAsync());
        await ProblemJson.ReadDetailAsync(status, 404);
        await ProblemJson.ReadDetailAsync(again, 404);
        Assert.Empty(await host.Durable.GetOrchestrationHistoryAsync(id));
    }

    [Fact]
    public async Task Purging_a_running_instance_is_409_and_leaves_it_running()
    {
        await using var run = await host.StartBlockedRunAsync();

        using var refused = await host.Http.DeleteAsync(ManagementRoutes.Instance(run.Id));
        using var status = await host.Http.GetAsync(ManagementRoutes.Instance(run.Id));

        Assert.Contains("Running", await ProblemJson.ReadDetailAsync(refused, 409), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
    }

    [Fact]
    public async Task Purging_by_creation_time_removes_the_finished_instances_of_the_window_only()
    {
        var from = DateTimeOffset.UtcNow;
        var done = new[] { await StartCompletedAsync(), await StartCompletedAsync() };
        await using var running = await host.StartBlockedRunAsync();

        using var onlyFailed = await host.Http.DeleteAsync($"{ManagementRoutes.Instances}?createdTimeFrom={ManagementRoutes.Iso(from)}&runtimeStatus=Failed");
        using var purged = await host.Http.DeleteAsync($"{ManagementRoutes.Instances}?createdTimeFrom={ManagementRoutes.Iso(from)}");
        using var nothingLeft = await host.Http.DeleteAsync(
            $"{ManagementRoutes.Instances}?createdTimeFrom={ManagementRoutes.Iso(from)}&createdTimeTo={ManagementRoutes.Iso(DateTimeOffset.UtcNow)}&runtimeStatus=Completed,Terminated");

        await ProblemJson.ReadDetailAsync(onlyFailed, 404);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await purged.Content.ReadAsStringAsync()).RootElement.GetProperty("instancesDeleted").GetInt32());
        foreach (var id in done)
        {
            Assert.Null(await host.Durable.GetInstanceAsync(id));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Durable.GetInstanceAsync(running.Id))?.RuntimeStatus);
        await ProblemJson.ReadDetailAsync(nothingLeft, 404);
    }

    [Theory]
    [InlineData("runtimeStatus=Completed", "createdTimeFrom")]
    [InlineData("createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("createdTimeFrom=2026-01-01T00:00:00Z&createdTimeTo=later", "createdTimeTo")]
    [InlineData("createdTimeFrom=2026-01-01T00:00:00Z&runtimeStatus=Running", "Running")]
    [InlineData("createdTimeFrom=2026-01-01T00:00:00Z&runtimeStatus=Completed,Pending", "Pending")]
    [InlineData("createdTimeFrom=2026-01-01T00:00:00Z&runtimeStatus=Done", "Done")]
    public async Task Purging_many_with_a_bad_filter_is_400_and_says_why(string query, string expectedInDetail)
    {
        using var response = await host.Http.DeleteAsync($"{ManagementRoutes.Instances}?{query}");

        Assert.Contains(expectedInDetail, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    private async Task<string> StartCompletedAsync() => (await host.StartCompletedRunAsync()).GetProperty("id").GetString()!;
}
