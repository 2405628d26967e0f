using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.LocalHost.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

/// <summary>Terminate, suspend and resume.</summary>
[Collection(EngageHostCollection.Name)]
public sealed class ControlTests(EngageHost host)
{
    [Fact]
    public async Task Terminate_is_202_then_the_instance_is_Terminated_with_the_reason_as_output_and_again_is_410()
    {
        await using var run = await host.StartBlockedRunAsync();

        using var terminated = await host.Http.PostAsync(ManagementRoutes.Operation(run.Id, "terminate", "no longer needed"), content: null);
        await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Terminated);
        using var status = await host.Http.GetAsync(ManagementRoutes.Instance(run.Id));
        using var again = await host.Http.PostAsync(ManagementRoutes.Operation(run.Id, "terminate", "twice"), content: null);

        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Terminated", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("no longer needed", body.GetProperty("output").GetString());
        Assert.Contains("Terminated", await ProblemJson.ReadDetailAsync(again, 410), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_is_202_and_holds_the_instance_at_202_Suspended_and_resume_is_202_and_runs_it_again()
    {
        await using var run = await host.StartBlockedRunAsync();

        using var suspended = await host.Http.PostAsync(ManagementRoutes.Operation(run.Id, "suspend", "lunch"), content: null);
        await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Suspended);
        using var whileSuspended = await host.Http.GetAsync(ManagementRoutes.Instance(run.Id));
        using var resumed = await host.Http.PostAsync(ManagementRoutes.Operation(run.Id, "resume", "back"), content: null);
        await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Running);

        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, whileSuspended.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), whileSuspended.Headers.RetryAfter?.Delta);
        Assert.Equal("Suspended", (await whileSuspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task Controlling_a_completed_instance_is_410_and_an_unknown_one_404(string operation)
    {
        var id = (await host.StartCompletedRunAsync()).GetProperty("id").GetString()!;

        using var gone = await host.Http.PostAsync(ManagementRoutes.Operation(id, operation, "late"), content: null);
        using var unknown = await host.Http.PostAsync(ManagementRoutes.Operation("nobody-home", operation), content: null);

        Assert.Contains("Completed", await ProblemJson.ReadDetailAsync(gone, 410), StringComparison.Ordinal);
        Assert.Contains("nobody-home", await ProblemJson.ReadDetailAsync(unknown, 404), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("suspend")]
    [InlineData("rewind")]
    [InlineData("restart")]
    public async Task Operations_are_POST_only(string operation)
    {
        using var response = await host.Http.GetAsync(ManagementRoutes.Operation("anyone", operation));

        await ProblemJson.AssertStatusAsync(response, 405);
    }
}
