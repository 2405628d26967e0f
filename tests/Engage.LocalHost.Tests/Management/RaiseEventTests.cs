using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engage.LocalHost.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

[Collection(EngageHostCollection.Name)]
public sealed class RaiseEventTests(EngageHost host)
{
    [Fact]
    public async Task A_raised_event_is_202_with_no_body_and_reaches_the_instance_history_and_after_the_end_it_is_410()
    {
        await using var run = await host.StartBlockedRunAsync();

        using var raised = await host.Http.PostAsJsonAsync($"{ManagementRoutes.Instance(run.Id)}/raiseEvent/Approved", new { by = "Ada" });
        var status = await host.PollAsync($"{ManagementRoutes.Instance(run.Id)}?showHistory=true", s =>
            s.GetProperty("historyEvents").EnumerateArray().Any(e => e.GetProperty("EventType").GetString() == "EventRaised"));
        await run.DisposeAsync();
        await host.WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Terminated);
        using var late = await host.Http.PostAsJsonAsync($"{ManagementRoutes.Instance(run.Id)}/raiseEvent/Approved", new { by = "Grace" });

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(0, raised.Content.Headers.ContentLength);
        var @event = status.GetProperty("historyEvents").EnumerateArray().Single(e => e.GetProperty("EventType").GetString() == "EventRaised");
        Assert.Equal("Approved", @event.GetProperty("Name").GetString());
        Assert.Equal("Ada", JsonDocument.Parse(@event.GetProperty("Input").GetString()!).RootElement.GetProperty("by").GetString());
        Assert.Contains("Terminated", await ProblemJson.ReadDetailAsync(late, 410), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_for_an_unknown_instance_is_404()
    {
        using var response = await host.Http.PostAsJsonAsync($"{ManagementRoutes.Instance("nobody-home")}/raiseEvent/Approved", 1);

        Assert.Contains("nobody-home", await ProblemJson.ReadDetailAsync(response, 404), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_event_name_is_400()
    {
        using var response = await host.Http.PostAsJsonAsync($"{ManagementRoutes.Instance("anyone")}/raiseEvent/%20", 1);

        Assert.Contains("event name", await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "1", "application/json")]
    [InlineData("application/json", "{\"approved\": ", "not valid JSON")]
    [InlineData("application/json", "", "empty")]
    [InlineData("application/json", "{\"note\": \"\\ud800\"}", "not valid text")]
    public async Task Event_data_must_be_a_JSON_body(string contentType, string body, string expectedInDetail)
    {
        await using var run = await host.StartBlockedRunAsync();
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await host.Http.PostAsync($"{ManagementRoutes.Instance(run.Id)}/raiseEvent/Approved", content);

        Assert.Contains(expectedInDetail, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_null_is_an_event_too()
    {
        await using var run = await host.StartBlockedRunAsync();
        using var content = new StringContent("null", Encoding.UTF8, "application/json");

        using var response = await host.Http.PostAsync($"{ManagementRoutes.Instance(run.Id)}/raiseEvent/Nothing", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
