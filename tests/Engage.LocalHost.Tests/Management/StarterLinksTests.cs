using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.LocalHost.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

/// <summary>The links <c>POST /api/engagement-summary</c> answers with, built by the Durable worker extension, work here.</summary>
[Collection(EngageHostCollection.Name)]
public sealed class StarterLinksTests(EngageHost host)
{
    [Fact]
    public async Task Every_link_of_a_started_run_works_against_the_management_API()
    {
        await using var run = await host.StartBlockedRunAsync();

        using var status = await host.Http.GetAsync(run.Link("statusQueryGetUri"));
        using var raised = await host.Http.PostAsJsonAsync(run.Link("sendEventPostUri").Replace("{eventName}", "Nudge", StringComparison.Ordinal), "now");
        using var suspended = await host.Http.PostAsync(WithReason(run.Link("suspendPostUri"), "pause"), content: null);
        await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Suspended);
        using var resumed = await host.Http.PostAsync(WithReason(run.Link("resumePostUri"), "go on"), content: null);
        await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Running);
        using var terminated = await host.Http.PostAsync(WithReason(run.Link("terminatePostUri"), "enough"), content: null);
        var ended = await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Terminated);
        using var restarted = await host.Http.PostAsync(run.Link("restartPostUri"), content: null);
        using var purged = await host.Http.DeleteAsync(run.Link("purgeHistoryDeleteUri"));
        using var afterPurge = await host.Http.GetAsync(run.Link("statusQueryGetUri"));

        Assert.StartsWith("http://localhost/runtime/webhooks/durabletask/instances/", run.Link("statusQueryGetUri"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal("enough", ended.ReadOutputAs<string>());
        Assert.Equal(HttpStatusCode.Accepted, restarted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterPurge.StatusCode);
        var restartedId = (await restarted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await host.Durable.TerminateInstanceAsync(restartedId, "test over");
    }

    [Fact]
    public async Task The_rewind_link_of_a_failed_run_is_accepted()
    {
        var started = await host.StartFailedRunAsync("Fathom is down");

        using var rewound = await host.Http.PostAsync(WithReason(started.GetProperty("rewindPostUri").GetString()!, "retry"), content: null);

        Assert.Equal(HttpStatusCode.Accepted, rewound.StatusCode);
    }

    private static string WithReason(string link, string reason) =>
        link.Replace("{text}", Uri.EscapeDataString(reason), StringComparison.Ordinal);
}
