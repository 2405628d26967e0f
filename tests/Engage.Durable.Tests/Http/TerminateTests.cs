using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests.Http;

public sealed class TerminateTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>
{
    [Fact]
    public async Task Terminate_is_202_then_the_instance_is_Terminated_with_the_reason_and_again_is_410()
    {
        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0);
        await fixture.Client.WaitForStatusAsync(links.Id, OrchestrationRuntimeStatus.Running);

        using var terminated = await fixture.Http.PostAsync(links.Terminate("no longer needed"), content: null);
        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);
        using var again = await fixture.Http.PostAsync(links.Terminate("twice"), content: null);

        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var status = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("no longer needed", status.GetProperty("output").GetString());
        Assert.Contains("Terminated", await ProblemJson.ReadDetailAsync(again, 410), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminating_an_unknown_instance_is_404()
    {
        using var response = await fixture.Http.PostAsync($"{ManagementApiFixture.BasePath}/instances/nobody-home/terminate?reason=x", content: null);

        await ProblemJson.ReadDetailAsync(response, 404);
    }
}
