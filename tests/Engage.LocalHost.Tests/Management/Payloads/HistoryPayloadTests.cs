using DurableTask.Core;
using DurableTask.Core.History;
using Engage.LocalHost.Durable.Management;

namespace Engage.LocalHost.Tests.Management.Payloads;

public sealed class HistoryPayloadTests
{
    private static readonly DateTime Start = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Replay_markers_and_answered_scheduling_events_are_left_out_and_an_unanswered_one_stays()
    {
        var items = HistoryPayload.From(History(), showHistoryOutput: false, showInput: true);

        Assert.Equal(
            ["ExecutionStarted", "TaskCompleted", "TaskFailed", "TaskScheduled", "TimerCreated", "TimerFired", "EventRaised", "ExecutionCompleted"],
            items.Select(i => i!["EventType"]!.GetValue<string>()));
        Assert.Equal("Pending", items[3]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void A_completion_carries_the_name_time_and_input_of_its_scheduling_event_and_its_result_only_with_showHistoryOutput()
    {
        var plain = HistoryPayload.From(History(), showHistoryOutput: false, showInput: true);
        var withOutput = HistoryPayload.From(History(), showHistoryOutput: true, showInput: true);

        var completed = plain[1]!.AsObject();
        Assert.Equal("Collect", completed["FunctionName"]!.GetValue<string>());
        Assert.Equal(Start.AddSeconds(1), completed["ScheduledTime"]!.GetValue<DateTime>());
        Assert.Equal(Start.AddSeconds(2), completed["Timestamp"]!.GetValue<DateTime>());
        Assert.Equal("{\"domain\":\"acmecorp.com\"}", completed["Input"]!.GetValue<string>());
        Assert.False(completed.ContainsKey("Result"));
        Assert.False(completed.ContainsKey("TaskScheduledId"));
        Assert.Equal(3, withOutput[1]!["Result"]!["meetings"]!.GetValue<int>());
        Assert.Equal("done", withOutput[7]!["Result"]!.GetValue<string>());
        Assert.False(plain[7]!.AsObject().ContainsKey("Result"));
    }

    [Fact]
    public void Inputs_are_shown_only_with_showInput()
    {
        var items = HistoryPayload.From(History(), showHistoryOutput: true, showInput: false);

        Assert.All(items, i => Assert.False(i!.AsObject().ContainsKey("Input")));
        Assert.Equal("Collect", items[1]!["FunctionName"]!.GetValue<string>());
    }

    [Fact]
    public void A_failure_shows_its_reason_and_the_chain_of_causes_without_stack_traces()
    {
        var failed = HistoryPayload.From(History(), showHistoryOutput: false, showInput: true)[2]!.AsObject();

        Assert.Equal("Analyze", failed["FunctionName"]!.GetValue<string>());
        Assert.Equal("the model is busy", failed["Reason"]!.GetValue<string>());
        var details = failed["FailureDetails"]!.AsObject();
        Assert.Equal("System.TimeoutException", details["ErrorType"]!.GetValue<string>());
        Assert.Equal("socket closed", details["InnerFailure"]!["ErrorMessage"]!.GetValue<string>());
        Assert.DoesNotContain("StackTrace", details.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Timers_show_when_they_fire_and_the_end_shows_the_orchestration_status()
    {
        var items = HistoryPayload.From(History(), showHistoryOutput: false, showInput: true);

        Assert.Equal(Start.AddMinutes(5), items[4]!["FireAt"]!.GetValue<DateTime>());
        Assert.Equal(Start.AddMinutes(5), items[5]!["FireAt"]!.GetValue<DateTime>());
        Assert.False(items[5]!.AsObject().ContainsKey("TimerId"));
        Assert.Equal("Approved", items[6]!["Name"]!.GetValue<string>());
        Assert.Equal("Completed", items[7]!["OrchestrationStatus"]!.GetValue<string>());
    }

    [Fact]
    public void An_empty_history_is_an_empty_array() =>
        Assert.Equal("[]", HistoryPayload.From([], showHistoryOutput: true, showInput: true).ToJsonString());

    private static List<HistoryEvent> History()
    {
        var failure = new FailureDetails("System.TimeoutException", "the model is busy", "at Somewhere()", new FailureDetails("System.IO.IOException", "socket closed", "at Elsewhere()", null, false), false);
        return
        [
            At(new ExecutionStartedEvent(-1, "{\"run\":1}") { Name = "Aggregate" }, 0),
            At(new OrchestratorStartedEvent(-1), 0),
            At(new TaskScheduledEvent(0, "Collect", string.Empty, "{\"domain\":\"acmecorp.com\"}"), 1),
            At(new TaskScheduledEvent(1, "Analyze", string.Empty, "\"excerpt\""), 1),
            At(new OrchestratorCompletedEvent(-1), 1),
            At(new TaskCompletedEvent(-1, 0, "{\"meetings\":3}"), 2),
            At(new TaskFailedEvent(-1, 1, "the model is busy", null, failure), 3),
            At(new TaskScheduledEvent(2, "Pending", string.Empty, null), 4),
            At(new TimerCreatedEvent(3, Start.AddMinutes(5)), 4),
            At(new TimerFiredEvent(-1, Start.AddMinutes(5)) { TimerId = 3 }, 300),
            At(new EventRaisedEvent(-1, "true") { Name = "Approved" }, 301),
            At(new ExecutionCompletedEvent(4, "\"done\"", OrchestrationStatus.Completed, null), 302),
        ];
    }

    private static HistoryEvent At(HistoryEvent e, int seconds)
    {
        e.Timestamp = Start.AddSeconds(seconds);
        return e;
    }
}
