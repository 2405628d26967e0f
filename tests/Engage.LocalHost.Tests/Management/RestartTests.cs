using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.LocalHost.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

[Collection(EngageHostCollection.Name)]
public sealed class RestartTests(EngageHost host)
{
    [Fact]
    public async Task Restart_is_202_with_the_check_status_links_of_a_new_instance_that_runs_with_the_same_input()
    {
        var started = await host.StartCompletedRunAsync();
        var id = started.GetProperty("id").GetString()!;

        using var response = await host.Http.PostAsync(ManagementRoutes.Operation(id, "restart"), content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var links = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"],
            links.EnumerateObject().Select(p => p.Name));
        var newId = links.GetProperty("id").GetString()!;
        Assert.NotEqual(id, newId);
        var statusUrl = links.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal($"http://localhost{ManagementRoutes.Instance(newId)}?taskHub={host.HubName}&connection=Storage", statusUrl);
        Assert.Equal(statusUrl, response.Headers.Location?.OriginalString);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        var restarted = await host.PollAsync(statusUrl, s => s.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal(started.GetProperty("domain").GetString(), restarted.GetProperty("input").GetProperty("Domain").GetString());
    }

    [Fact]
    public async Task Restart_with_the_same_instance_id_terminates_the_running_instance_and_starts_it_again()
    {
        await using var run = await host.StartBlockedRunAsync();
        var firstCreated = (await host.Durable.GetInstanceAsync(run.Id))!.CreatedAt;

        using var response = await host.Http.PostAsync($"{ManagementRoutes.Operation(run.Id, "restart")}?restartWithNewInstanceId=false", content: null);
        var again = await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Running);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(run.Id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.True(again.CreatedAt > firstCreated, "the instance was not started again");
    }

    [Fact]
    public async Task Restarting_an_unknown_instance_is_404()
    {
        using var response = await host.Http.PostAsync(ManagementRoutes.Operation("nobody-home", "restart"), content: null);

        Assert.Contains("nobody-home", await ProblemJson.ReadDetailAsync(response, 404), StringComparison.Ordinal);
    }
}
