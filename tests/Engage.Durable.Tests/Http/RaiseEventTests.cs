using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests.Http;

public sealed class RaiseEventTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>
{
    [Fact]
    public async Task A_raised_event_is_202_and_completes_the_wait_and_a_second_one_is_410()
    {
        var links = await fixture.StartAndReadLinksAsync("Approval", 60);
        var waiting = await PollCustomStatusAsync(links.StatusQueryGetUri, "waiting");

        using var raised = await fixture.Http.PostAsJsonAsync(links.RaiseEvent("Approved"), "Ada");
        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri + "&showHistory=true");
        using var late = await fixture.Http.PostAsJsonAsync(links.RaiseEvent("Approved"), "Grace");

        Assert.Equal(JsonValueKind.Object, waiting.ValueKind);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(0, raised.Content.Headers.ContentLength);
        var status = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("approved by Ada", status.GetProperty("output").GetString());
        Assert.Equal("approved", status.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Contains(status.GetProperty("historyEvents").EnumerateArray(), e =>
            e.GetProperty("EventType").GetString() == "EventRaised" && e.GetProperty("Name").GetString() == "Approved");
        Assert.Contains("Completed", await ProblemJson.ReadDetailAsync(late, 410), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_for_an_unknown_instance_is_404()
    {
        using var response = await fixture.Http.PostAsJsonAsync($"{ManagementApiFixture.BasePath}/instances/nobody-home/raiseEvent/Approved", 1);

        await ProblemJson.ReadDetailAsync(response, 404);
    }

    [Fact]
    public async Task A_blank_event_name_is_400()
    {
        using var response = await fixture.Http.PostAsJsonAsync($"{ManagementApiFixture.BasePath}/instances/anyone/raiseEvent/%20", 1);

        Assert.Contains("event name", await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "1", "application/json")]
    [InlineData("application/json", "{\"approved\": ", "not valid JSON")]
    [InlineData("application/json", "", "empty")]
    public async Task Event_data_must_be_a_JSON_body(string contentType, string body, string expectedInDetail)
    {
        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0);
        await fixture.Client.WaitForStatusAsync(links.Id, OrchestrationRuntimeStatus.Running);
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await fixture.Http.PostAsync(links.RaiseEvent("Never"), content);

        Assert.Contains(expectedInDetail, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
        await fixture.Client.TerminateInstanceAsync(links.Id, "test over");
    }

    private async Task<JsonElement> PollCustomStatusAsync(string statusUrl, string stage)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await fixture.Http.GetAsync(statusUrl);
            var custom = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customStatus");
            if (custom.ValueKind == JsonValueKind.Object && custom.GetProperty("stage").GetString() == stage)
            {
                return custom;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{statusUrl} never reported stage {stage}.");
    }
}
