using Engage.Durable.History;
using Engage.Durable.Orchestration;
using Engage.Testing;

namespace Engage.Durable.Tests;

public sealed class MultiWorkerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Two_workers_on_one_hub_run_200_orchestrations_to_completion_without_duplicated_history()
    {
        var hubName = "multi" + Guid.NewGuid().ToString("N")[..10];
        var orchestrations = new TestOrchestrations();
        await using var first = await DurableHost.StartAsync(azurite.Server, orchestrations.Register, hubName: hubName);
        await using var second = await DurableHost.StartAsync(azurite.Server, orchestrations.Register, hubName: hubName);

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            (i % 2 == 0 ? first : second).Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { $"a{i}", $"b{i}" })));
        var done = await Task.WhenAll(ids.Select(id => first.WaitAsync(id, TimeSpan.FromMinutes(3))));

        Assert.All(done, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal([$"Hello a{i}!", $"Hello b{i}!"], done[i].ReadOutputAs<List<string>>()!);
            var history = await first.Client.GetInstanceHistoryAsync(ids[i]);
            Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
            Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionCompleted);
            var scheduled = history.Where(e => e.EventType == HistoryEventType.TaskScheduled).Select(e => e.TaskId).ToList();
            var completed = history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId).ToList();
            Assert.Equal([0, 1], scheduled);
            Assert.Equal([0, 1], completed);
        }

        Assert.DoesNotContain(first.Logs.Entries.Concat(second.Logs.Entries), e => e.StartsWith("Error", StringComparison.Ordinal));
    }
}
