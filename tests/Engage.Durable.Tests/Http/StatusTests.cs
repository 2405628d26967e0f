using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests.Http;

public sealed partial class StatusTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>
{
    [Fact]
    public async Task A_running_instance_answers_202_with_its_own_url_as_Location_and_Retry_After_5()
    {
        var links = await fixture.StartAndReadLinksAsync("WaitForever", 0);
        await fixture.Client.WaitForStatusAsync(links.Id, OrchestrationRuntimeStatus.Running);

        using var response = await fixture.Http.GetAsync(links.StatusQueryGetUri + "&showHistory=false");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(links.StatusQueryGetUri + "&showHistory=false", response.Headers.Location?.OriginalString);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("WaitForever", status.GetProperty("name").GetString());
        Assert.Equal(links.Id, status.GetProperty("instanceId").GetString());
        await fixture.Client.TerminateInstanceAsync(links.Id, "test over");
    }

    [Fact]
    public async Task A_finished_instance_answers_200_with_Durable_fields_and_JSON_values()
    {
        var links = await fixture.StartAndReadLinksAsync("Sequence", new[] { "Ada" });

        using var response = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"],
            status.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Sequence", status.GetProperty("name").GetString());
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Ada", status.GetProperty("input")[0].GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("customStatus").ValueKind);
        Assert.Equal("Hello Ada!", status.GetProperty("output")[0].GetString());
        Assert.Matches(SecondPrecisionUtc(), status.GetProperty("createdTime").GetString());
        Assert.Matches(SecondPrecisionUtc(), status.GetProperty("lastUpdatedTime").GetString());
    }

    [Fact]
    public async Task ShowInput_false_leaves_the_input_null_and_keeps_the_output()
    {
        var links = await fixture.StartAndReadLinksAsync("Sequence", new[] { "Ada" });
        (await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri)).Dispose();

        using var response = await fixture.Http.GetAsync(links.StatusQueryGetUri + "&showInput=false");

        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
        Assert.Equal("Hello Ada!", status.GetProperty("output")[0].GetString());
    }

    [Fact]
    public async Task ShowHistory_lists_Durable_style_events_and_results_only_with_showHistoryOutput()
    {
        var links = await fixture.StartAndReadLinksAsync("Sequence", new[] { "Tokyo", "London" });
        (await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri)).Dispose();

        var plain = await ReadAsync(links.StatusQueryGetUri);
        var history = (await ReadAsync(links.StatusQueryGetUri + "&showHistory=true")).GetProperty("historyEvents");
        var withOutput = (await ReadAsync(links.StatusQueryGetUri + "&showHistory=true&showHistoryOutput=true")).GetProperty("historyEvents");

        Assert.False(plain.TryGetProperty("historyEvents", out _));
        Assert.Equal(["ExecutionStarted", "TaskCompleted", "TaskCompleted", "ExecutionCompleted"], EventTypes(history));
        Assert.Equal("Sequence", history[0].GetProperty("FunctionName").GetString());
        var task = history[1];
        Assert.Equal("Hello", task.GetProperty("FunctionName").GetString());
        Assert.True(task.GetProperty("ScheduledTime").GetDateTime() <= task.GetProperty("Timestamp").GetDateTime());
        Assert.False(task.TryGetProperty("Result", out _));
        Assert.Equal("Completed", history[3].GetProperty("OrchestrationStatus").GetString());
        Assert.False(history[3].TryGetProperty("Result", out _));
        Assert.Equal("Hello Tokyo!", withOutput[1].GetProperty("Result").GetString());
        Assert.Equal("Hello London!", withOutput[2].GetProperty("Result").GetString());
        Assert.Equal("Hello London!", withOutput[3].GetProperty("Result")[1].GetString());
    }

    [Fact]
    public async Task ShowHistory_shows_timers_with_their_FireAt()
    {
        var links = await fixture.StartAndReadLinksAsync("Timer", 1);
        (await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri)).Dispose();

        var history = (await ReadAsync(links.StatusQueryGetUri + "&showHistory=true")).GetProperty("historyEvents");

        Assert.Equal(["ExecutionStarted", "TimerCreated", "TimerFired", "ExecutionCompleted"], EventTypes(history));
        var fireAt = history[1].GetProperty("FireAt").GetDateTime();
        Assert.Equal(fireAt, history[2].GetProperty("FireAt").GetDateTime());
        Assert.Equal(TimeSpan.FromSeconds(1), fireAt - history[1].GetProperty("Timestamp").GetDateTime());
    }

    [Fact]
    public async Task A_failed_instance_is_200_or_500_on_request_and_shows_the_failure()
    {
        var links = await fixture.StartAndReadLinksAsync("FailingActivity", "the database is on fire");

        using var plain = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);
        using var asError = await fixture.Http.GetAsync(links.StatusQueryGetUri + "&returnInternalServerErrorOnFailure=true");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, asError.StatusCode);
        var status = await asError.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        var output = status.GetProperty("output").GetString()!;
        Assert.StartsWith(typeof(TaskFailedException).FullName + ": ", output, StringComparison.Ordinal);
        Assert.Contains("the database is on fire", output, StringComparison.Ordinal);
        var failure = status.GetProperty("failureDetails");
        Assert.Equal(typeof(TaskFailedException).FullName, failure.GetProperty("errorType").GetString());
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.GetProperty("innerFailure").GetProperty("errorType").GetString());
        Assert.Equal("the database is on fire", failure.GetProperty("innerFailure").GetProperty("errorMessage").GetString());
        Assert.False(failure.TryGetProperty("stackTrace", out _));
    }

    [Fact]
    public async Task The_history_of_a_failed_instance_names_the_failed_activity_and_why()
    {
        var links = await fixture.StartAndReadLinksAsync("FailingActivity", "disk full");
        (await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri)).Dispose();

        var history = (await ReadAsync(links.StatusQueryGetUri + "&showHistory=true")).GetProperty("historyEvents");

        Assert.Equal(["ExecutionStarted", "TaskFailed", "ExecutionCompleted"], EventTypes(history));
        var failed = history[1];
        Assert.Equal("Fail", failed.GetProperty("FunctionName").GetString());
        Assert.Equal("disk full", failed.GetProperty("Reason").GetString());
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.GetProperty("FailureDetails").GetProperty("ErrorType").GetString());
        Assert.Equal("Failed", history[2].GetProperty("OrchestrationStatus").GetString());
        Assert.Equal(typeof(TaskFailedException).FullName, history[2].GetProperty("FailureDetails").GetProperty("ErrorType").GetString());
    }

    [Fact]
    public async Task An_unknown_instance_is_404()
    {
        using var response = await fixture.Http.GetAsync($"{ManagementApiFixture.BasePath}/instances/no-such-instance");

        Assert.Contains("no-such-instance", await ProblemJson.ReadDetailAsync(response, 404), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("showHistory=yes", "showHistory")]
    [InlineData("showInput=0", "showInput")]
    [InlineData("returnInternalServerErrorOnFailure=maybe", "returnInternalServerErrorOnFailure")]
    public async Task A_flag_that_is_not_true_or_false_is_400(string query, string parameter)
    {
        using var response = await fixture.Http.GetAsync($"{ManagementApiFixture.BasePath}/instances/any?{query}");

        Assert.Contains(parameter, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    private static IEnumerable<string?> EventTypes(JsonElement history) =>
        history.EnumerateArray().Select(e => e.GetProperty("EventType").GetString());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex SecondPrecisionUtc();

    private async Task<JsonElement> ReadAsync(string url)
    {
        using var response = await fixture.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
