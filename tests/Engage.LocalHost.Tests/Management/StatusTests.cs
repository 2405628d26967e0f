using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engage.LocalHost.Tests.Support;

namespace Engage.LocalHost.Tests.Management;

[Collection(EngageHostCollection.Name)]
public sealed partial class StatusTests(EngageHost host)
{
    [Fact]
    public async Task A_running_instance_answers_202_with_its_own_url_as_Location_and_Retry_After_5()
    {
        await using var run = await host.StartBlockedRunAsync();
        var url = $"http://localhost{ManagementRoutes.Instance(run.Id)}?showHistory=false";

        using var response = await host.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(url, response.Headers.Location?.OriginalString);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("EngagementAggregation", status.GetProperty("name").GetString());
        Assert.Equal(run.Id, status.GetProperty("instanceId").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task A_completed_instance_answers_200_with_Durable_fields_in_order_and_stored_values_as_JSON()
    {
        var started = await host.StartCompletedRunAsync();

        using var response = await host.Http.GetAsync(ManagementRoutes.Instance(started.GetProperty("id").GetString()!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Null(response.Headers.RetryAfter);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"],
            status.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(started.GetProperty("domain").GetString(), status.GetProperty("input").GetProperty("Domain").GetString());
        Assert.Equal(0, status.GetProperty("customStatus").GetProperty("of").GetInt32());
        Assert.Equal(0, status.GetProperty("output").GetProperty("meetings_count").GetInt32());
        Assert.Matches(SecondPrecisionUtc(), status.GetProperty("createdTime").GetString());
        Assert.Matches(SecondPrecisionUtc(), status.GetProperty("lastUpdatedTime").GetString());
    }

    [Fact]
    public async Task ShowInput_false_leaves_the_input_null_and_keeps_the_output()
    {
        var started = await host.StartCompletedRunAsync();

        var status = await ReadAsync(ManagementRoutes.Instance(started.GetProperty("id").GetString()!) + "?showInput=false");

        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
        Assert.Equal(0, status.GetProperty("output").GetProperty("meetings_count").GetInt32());
    }

    [Fact]
    public async Task ShowHistory_lists_the_events_without_replay_markers_and_results_only_with_showHistoryOutput()
    {
        var url = ManagementRoutes.Instance((await host.StartCompletedRunAsync()).GetProperty("id").GetString()!);

        var plain = await ReadAsync(url);
        var history = (await ReadAsync(url + "?showHistory=true")).GetProperty("historyEvents");
        var withOutput = (await ReadAsync(url + "?showHistory=true&showHistoryOutput=true")).GetProperty("historyEvents");
        var withoutInput = (await ReadAsync(url + "?showHistory=true&showInput=false")).GetProperty("historyEvents");

        Assert.False(plain.TryGetProperty("historyEvents", out _));
        Assert.Equal(["ExecutionStarted", "TaskCompleted", "TaskCompleted", "ExecutionCompleted"], EventTypes(history));
        Assert.Equal("EngagementAggregation", history[0].GetProperty("FunctionName").GetString());
        Assert.Contains("\"Domain\"", history[0].GetProperty("Input").GetString(), StringComparison.Ordinal);
        Assert.Equal("CollectMeetings", history[1].GetProperty("FunctionName").GetString());
        Assert.Equal("CompleteRun", history[2].GetProperty("FunctionName").GetString());
        Assert.True(history[1].GetProperty("ScheduledTime").GetDateTime() <= history[1].GetProperty("Timestamp").GetDateTime());
        Assert.Equal("Completed", history[3].GetProperty("OrchestrationStatus").GetString());
        Assert.All(history.EnumerateArray(), e => Assert.False(e.TryGetProperty("Result", out _)));
        Assert.Equal(0, withOutput[1].GetProperty("Result").GetProperty("ExcerptCount").GetInt32());
        Assert.Equal(0, withOutput[3].GetProperty("Result").GetProperty("meetings_count").GetInt32());
        Assert.All(withoutInput.EnumerateArray(), e => Assert.False(e.TryGetProperty("Input", out _)));
    }

    [Fact]
    public async Task A_failed_instance_is_200_or_500_on_request_and_its_output_and_history_say_why()
    {
        var url = ManagementRoutes.Instance((await host.StartFailedRunAsync("Fathom is down")).GetProperty("id").GetString()!);

        using var plain = await host.Http.GetAsync(url);
        using var asError = await host.Http.GetAsync(url + "?returnInternalServerErrorOnFailure=true&showHistory=true");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, asError.StatusCode);
        var status = await asError.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains("Fathom is down", status.GetProperty("output").GetString(), StringComparison.Ordinal);
        var history = status.GetProperty("historyEvents");
        Assert.Equal(["ExecutionStarted", "TaskFailed", "ExecutionCompleted"], EventTypes(history));
        var failed = history[1];
        Assert.Equal("CollectMeetings", failed.GetProperty("FunctionName").GetString());
        Assert.Equal("Fathom is down", failed.GetProperty("Reason").GetString());
        Assert.EndsWith("MeetingSourceException", failed.GetProperty("FailureDetails").GetProperty("ErrorType").GetString(), StringComparison.Ordinal);
        Assert.False(failed.GetProperty("FailureDetails").TryGetProperty("StackTrace", out _));
        Assert.Equal("Failed", history[2].GetProperty("OrchestrationStatus").GetString());
        Assert.Equal("Fathom is down", history[2].GetProperty("FailureDetails").GetProperty("ErrorMessage").GetString());
    }

    [Fact]
    public async Task An_unknown_instance_is_404_naming_it()
    {
        using var response = await host.Http.GetAsync(ManagementRoutes.Instance("no-such-instance"));

        Assert.Contains("no-such-instance", await ProblemJson.ReadDetailAsync(response, 404), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("showHistory=yes", "showHistory")]
    [InlineData("showHistoryOutput=1", "showHistoryOutput")]
    [InlineData("showInput=0", "showInput")]
    [InlineData("returnInternalServerErrorOnFailure=maybe", "returnInternalServerErrorOnFailure")]
    public async Task A_flag_that_is_not_true_or_false_is_400_naming_it(string query, string parameter)
    {
        using var response = await host.Http.GetAsync($"{ManagementRoutes.Instance("any")}?{query}");

        Assert.Contains(parameter, await ProblemJson.ReadDetailAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naming_another_task_hub_is_400_and_naming_this_one_in_any_case_is_served()
    {
        var id = (await host.StartCompletedRunAsync()).GetProperty("id").GetString()!;

        using var other = await host.Http.GetAsync($"{ManagementRoutes.Instance(id)}?taskHub=SomeOtherHub");
        using var same = await host.Http.GetAsync($"{ManagementRoutes.Instance(id)}?taskHub={host.HubName.ToUpperInvariant()}&connection=Storage");

        Assert.Contains(host.HubName, await ProblemJson.ReadDetailAsync(other, 400), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
    }

    [Fact]
    public async Task The_API_has_no_route_prefix()
    {
        using var prefixed = await host.Http.GetAsync("/api" + ManagementRoutes.Instances);

        await ProblemJson.AssertStatusAsync(prefixed, 404);
    }

    internal static IEnumerable<string?> EventTypes(JsonElement history) =>
        history.EnumerateArray().Select(e => e.GetProperty("EventType").GetString());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex SecondPrecisionUtc();

    private async Task<JsonElement> ReadAsync(string url)
    {
        using var response = await host.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
