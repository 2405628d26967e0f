using Engage.Durable.History;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests;

public sealed class OrchestrationTests(DurableHostFixture fixture) : IClassFixture<DurableHostFixture>
{
    private DurableHost Host => fixture.Host;

    [Fact]
    public async Task A_sequence_runs_its_activities_in_order_and_completes_with_their_results()
    {
        var done = await Host.RunAsync("Sequence", new[] { "Tokyo", "Seattle", "London" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<List<string>>());
        Assert.Equal(["Tokyo", "Seattle", "London"], done.ReadInputAs<string[]>()!);
        var history = await Host.Client.GetInstanceHistoryAsync(done.InstanceId);
        Assert.Equal(3, history.Count(e => e.EventType == HistoryEventType.TaskScheduled));
        Assert.Equal(3, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
        Assert.Equal(HistoryEventType.ExecutionCompleted, history[^1].EventType);
    }

    [Fact]
    public async Task A_fan_out_of_1000_activities_fans_in_to_one_result()
    {
        var done = await Host.RunAsync("FanOut", 1000, TimeSpan.FromMinutes(3));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        var history = await Host.Client.GetInstanceHistoryAsync(done.InstanceId);
        Assert.Equal(1000, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
        Assert.Equal(1000, history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId).Distinct().Count());
        var episodes = history.Count(e => e.EventType == HistoryEventType.OrchestratorStarted);
        Assert.True(episodes < 200, $"1,000 completions took {episodes} episodes; they should be taken many at a time");
    }

    [Fact]
    public async Task Retries_back_off_and_succeed_on_the_third_attempt()
    {
        var key = Guid.NewGuid().ToString();

        var done = await Host.RunAsync("Retry", key);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        var history = await Host.Client.GetInstanceHistoryAsync(done.InstanceId);
        var timers = history.Where(e => e.EventType == HistoryEventType.TimerCreated).ToList();
        Assert.Equal(2, timers.Count);
        var started = history.Where(e => e.EventType == HistoryEventType.OrchestratorStarted).Select(e => e.Timestamp).ToList();
        var waits = timers.Select(t => t.FireAt!.Value - t.Timestamp).ToList();
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)], waits);
        Assert.True(done.LastUpdatedAt - done.CreatedAt >= TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public async Task Exhausted_retries_fail_the_orchestration_with_the_activity_error()
    {
        var done = await Host.RunAsync("RetryExhausted", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("always", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_durable_timer_fires_after_its_delay()
    {
        var done = await Host.RunAsync("Timer", 2);

        var times = done.ReadOutputAs<DateTime[]>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(2), $"timer fired after {times[1] - times[0]}");
        Assert.True(done.LastUpdatedAt - done.CreatedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task An_external_event_completes_the_wait_and_custom_status_shows_progress()
    {
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("Approval", 60);
        var waiting = await Host.Client.WaitUntilAsync(id, i => i.SerializedCustomStatus?.Contains("waiting", StringComparison.Ordinal) == true, "reported waiting");

        await Host.Client.RaiseEventAsync(id, "Approved", "Ada");
        var done = await Host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal("approved by Ada", done.ReadOutputAs<string>());
        Assert.Equal("approved", done.ReadCustomStatusAs<Dictionary<string, string>>()!["stage"]);
    }

    [Fact]
    public async Task An_event_raised_before_the_orchestrator_waits_is_buffered()
    {
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("Approval", 60);
        await Host.Client.RaiseEventAsync(id, "Approved", "early bird");

        var done = await Host.WaitAsync(id);

        Assert.Equal("approved by early bird", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_wait_for_an_event_that_never_comes_times_out()
    {
        var done = await Host.RunAsync("Approval", 1);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("timed out", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_instance_with_the_reason()
    {
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForever", 0);
        await Host.Client.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await Host.Client.TerminateInstanceAsync(id, "no longer needed");
        var done = await Host.WaitAsync(id);
        await Host.Client.RaiseEventAsync(id, "Never", 1);
        await Task.Delay(500);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await Host.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task A_failing_activity_fails_the_orchestration_with_the_error_details()
    {
        var done = await Host.RunAsync("FailingActivity", "the database is on fire");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = done.FailureDetails!;
        Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
        Assert.Contains("the database is on fire", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(failure.IsCausedBy<InvalidOperationException>());
        Assert.Contains("the database is on fire", failure.InnerFailure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_5_MB_activity_output_and_orchestration_output_just_work()
    {
        const int size = 5 * 1024 * 1024;

        var measured = await Host.RunAsync("BigPayload", size);
        var returned = await Host.RunAsync("BigOutput", size);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, measured.RuntimeStatus);
        Assert.Equal(size, measured.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, returned.RuntimeStatus);
        Assert.Equal(size, returned.ReadOutputAs<string>()!.Length);
    }

    [Fact]
    public async Task A_sub_orchestration_result_flows_back_to_its_parent()
    {
        var done = await Host.RunAsync("Parent", new[] { "Ada", "Grace" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Ada!", "Hello Grace!"], done.ReadOutputAs<string[]>()!);
        var child = await Host.Client.GetInstanceAsync($"{done.InstanceId}:0", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
    }

    [Fact]
    public async Task A_failing_sub_orchestration_surfaces_as_a_catchable_task_failure()
    {
        var done = await Host.RunAsync("FailingParent", "child broke");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Contains("child broke", done.ReadOutputAs<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContinueAsNew_restarts_with_new_input_and_a_fresh_history()
    {
        var done = await Host.RunAsync("Counter", new[] { 0, 5 });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(5, done.ReadOutputAs<int>());
        Assert.Equal([5, 5], done.ReadInputAs<int[]>()!);
        var history = await Host.Client.GetInstanceHistoryAsync(done.InstanceId);
        Assert.DoesNotContain(history, e => e.EventType == HistoryEventType.TaskScheduled);
    }

    [Fact]
    public async Task NewGuid_is_deterministic_across_replays()
    {
        var done = await Host.RunAsync("Guids", 0);

        var guids = done.ReadOutputAs<Guid[]>()!;
        Assert.NotEqual(guids[0], guids[1]);
        Assert.All(guids, g => Assert.NotEqual(Guid.Empty, g));
    }
}
