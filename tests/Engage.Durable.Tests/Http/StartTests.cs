using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Engage.Durable.Tests.Http;

public sealed class StartTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>
{
    [Fact]
    public async Task A_start_answers_202_with_Durable_links_that_lead_to_the_output()
    {
        using var response = await fixture.StartAsync("Sequence", new[] { "Tokyo", "London" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri"], body.EnumerateObject().Select(p => p.Name));
        var links = ManagementLinks.From(body);
        var instance = $"{fixture.ApiRoot}/instances/{links.Id}";
        Assert.Equal($"{instance}?{fixture.LinkQuery}", links.StatusQueryGetUri);
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}?{fixture.LinkQuery}", links.SendEventPostUri);
        Assert.Equal($"{instance}/terminate?reason={{text}}&{fixture.LinkQuery}", links.TerminatePostUri);
        Assert.Equal(links.StatusQueryGetUri, links.PurgeHistoryDeleteUri);
        Assert.Equal(links.StatusQueryGetUri, response.Headers.Location?.OriginalString);

        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var status = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(["Hello Tokyo!", "Hello London!"], status.GetProperty("output").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_start_with_a_chosen_id_uses_it_and_a_second_start_while_it_runs_is_409()
    {
        var id = "chosen-" + Guid.NewGuid().ToString("N");

        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0, id);
        using var again = await fixture.StartAsync("WaitForever", 0, id);

        Assert.Equal(id, links.Id);
        Assert.StartsWith($"{fixture.ApiRoot}/instances/{id}?", links.StatusQueryGetUri, StringComparison.Ordinal);
        var detail = await ProblemJson.ReadDetailAsync(again, 409);
        Assert.Contains(id, detail, StringComparison.Ordinal);
        await fixture.Client.TerminateInstanceAsync(id, "test over");
    }

    [Fact]
    public async Task A_start_without_a_body_has_no_input()
    {
        using var response = await fixture.Http.PostAsync($"{ManagementApiFixture.BasePath}/orchestrators/Guids", content: null);

        var links = ManagementLinks.From(await response.Content.ReadFromJsonAsync<JsonElement>());
        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);
        var status = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task A_start_with_a_body_that_is_not_JSON_is_400()
    {
        using var content = new StringContent("{\"names\": [", Encoding.UTF8, "application/json");

        using var response = await fixture.Http.PostAsync($"{ManagementApiFixture.BasePath}/orchestrators/Sequence", content);

        Assert.Contains("not valid JSON", await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_of_an_orchestrator_nobody_registered_is_400()
    {
        using var response = await fixture.StartAsync("NoSuchOrchestrator", 1);

        Assert.Contains("NoSuchOrchestrator", await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_starter_can_merge_the_links_into_its_own_body()
    {
        using var response = await fixture.Http.PostAsync("/api/greetings", content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal("processing", body.GetProperty("status").GetString());
        var links = ManagementLinks.From(body);
        Assert.Equal($"{fixture.ApiRoot}/instances/{links.Id}?{fixture.LinkQuery}", links.StatusQueryGetUri);
        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);
        var status = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Hello Ada!", status.GetProperty("output")[0].GetString());
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("rewind")]
    [InlineData("restart")]
    public async Task Operations_the_engine_does_not_implement_are_not_mapped(string operation)
    {
        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0);

        using var response = await fixture.Http.PostAsync($"{ManagementApiFixture.BasePath}/instances/{links.Id}/{operation}", content: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await fixture.Client.TerminateInstanceAsync(links.Id, "test over");
    }

    [Fact]
    public async Task Naming_another_task_hub_is_400_and_naming_this_one_in_any_case_is_served()
    {
        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0);
        var path = $"{ManagementApiFixture.BasePath}/instances/{links.Id}";

        using var other = await fixture.Http.GetAsync($"{path}?taskHub=SomeOtherHub");
        using var same = await fixture.Http.GetAsync($"{path}?taskHub={fixture.HubName.ToUpperInvariant()}");

        Assert.Contains(fixture.HubName, await ProblemJson.ReadDetailAsync(other, 400), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        await fixture.Client.TerminateInstanceAsync(links.Id, "test over");
    }
}
