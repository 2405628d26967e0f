using System.Net;
using Engage.LocalHost.Tests.Support;

namespace Engage.LocalHost.Tests.Management;

[Collection(EngageHostCollection.Name)]
public sealed class RewindTests(EngageHost host)
{
    [Fact]
    public async Task Rewinding_a_failed_instance_is_202_and_the_engine_takes_its_failed_activity_out_of_the_history()
    {
        var id = (await host.StartFailedRunAsync("Fathom is down")).GetProperty("id").GetString()!;
        var url = $"{ManagementRoutes.Instance(id)}?showHistory=true";
        var before = await host.PollAsync(url, _ => true);

        using var rewound = await host.Http.PostAsync(ManagementRoutes.Operation(id, "rewind", "Fathom is back"), content: null);
        var after = await host.PollAsync(url, s => !StatusTests.EventTypes(s.GetProperty("historyEvents")).Contains("TaskFailed"));

        Assert.Contains("TaskFailed", StatusTests.EventTypes(before.GetProperty("historyEvents")));
        Assert.Equal(HttpStatusCode.Accepted, rewound.StatusCode);
        Assert.DoesNotContain("TaskFailed", StatusTests.EventTypes(after.GetProperty("historyEvents")));
    }

    [Fact]
    public async Task Rewinding_a_completed_instance_is_410_a_running_one_409_and_an_unknown_one_404()
    {
        var completed = (await host.StartCompletedRunAsync()).GetProperty("id").GetString()!;
        await using var running = await host.StartBlockedRunAsync();

        using var gone = await host.Http.PostAsync(ManagementRoutes.Operation(completed, "rewind", "again"), content: null);
        using var conflict = await host.Http.PostAsync(ManagementRoutes.Operation(running.Id, "rewind", "again"), content: null);
        using var unknown = await host.Http.PostAsync(ManagementRoutes.Operation("nobody-home", "rewind"), content: null);

        Assert.Contains("Completed", await ProblemJson.ReadDetailAsync(gone, 410), StringComparison.Ordinal);
        Assert.Contains("only a Failed instance", await ProblemJson.ReadDetailAsync(conflict, 409), StringComparison.Ordinal);
        await ProblemJson.ReadDetailAsync(unknown, 404);
    }
}
