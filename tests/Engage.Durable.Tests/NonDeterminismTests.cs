using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests;

public sealed class NonDeterminismTests(DurableHostFixture fixture) : IClassFixture<DurableHostFixture>
{
    [Fact]
    public async Task Changed_orchestrator_code_fails_the_instance_with_a_clear_error_instead_of_corrupting_it()
    {
        fixture.Orchestrations.NextActivity = "Hello";
        var id = await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync("Drifting", "Ada");
        await WaitForHistoryAsync(id);

        fixture.Orchestrations.NextActivity = "Other";
        await fixture.Host.Client.RaiseEventAsync(id, "Go", 1);
        var done = await fixture.Host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("TaskScheduled 'Hello'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'Other'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        var history = await fixture.Host.Client.GetInstanceHistoryAsync(id);
        Assert.DoesNotContain(history, e => e.EventType == History.HistoryEventType.TaskScheduled && e.Name == "Other");
    }

    private async Task WaitForHistoryAsync(string id)
    {
        for (var i = 0; i < 200; i++)
        {
            var history = await fixture.Host.Client.GetInstanceHistoryAsync(id);
            if (history.Any(e => e.EventType == History.HistoryEventType.TaskCompleted))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException(id);
    }
}
