using Engage.Durable.History;
using Engage.Durable.Orchestration;
using Engage.Durable.Worker;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Durable.Tests;

/// <summary>
/// A worker that dies at each point that matters, followed by a fresh worker on the same hub:
/// the instance completes with the right output and every activity result is applied once.
/// "Dying" is stopping at the point and never running the code after it; the dead worker's
/// messages come back after their (short) visibility timeout, as they would after a real crash.
/// </summary>
public sealed class CrashPointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(nameof(CrashPoint.AfterCommitBeforeSend))]
    [InlineData(nameof(CrashPoint.AfterSendBeforeDelete))]
    [InlineData(nameof(CrashPoint.ActivityBeforeReport))]
    public async Task A_worker_killed_at_a_crash_point_is_replaced_by_a_fresh_one_that_completes_the_instance(string crashPoint)
    {
        var point = Enum.Parse<CrashPoint>(crashPoint);
        var hubName = "crash" + Guid.NewGuid().ToString("N")[..10];
        var orchestrations = new TestOrchestrations();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var doomed = await StartWorkerAsync(hubName, orchestrations, hooks => hooks.At = async (p, _, ct) =>
        {
            if (p == point && reached.TrySetResult())
            {
                // The process "dies" here: nothing after this point ever runs.
                await Task.Delay(Timeout.Infinite, ct);
            }
        });

        var id = await doomed.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { "a", "b", "c" });
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await doomed.StopAsync(TimeSpan.FromMilliseconds(200));

        await using var fresh = await StartWorkerAsync(hubName, orchestrations);
        var done = await fresh.WaitAsync(id, TimeSpan.FromSeconds(60));
        await doomed.DisposeAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello a!", "Hello b!", "Hello c!"], done.ReadOutputAs<List<string>>()!);
        await AssertEachResultAppliedOnceAsync(fresh, id, expectedTasks: 3);
    }

    [Fact]
    public async Task A_client_killed_between_sending_the_start_and_writing_the_row_leaves_no_pending_instance()
    {
        var hubName = "crash" + Guid.NewGuid().ToString("N")[..10];
        var orchestrations = new TestOrchestrations();
        var client = await StartWorkerAsync(hubName, orchestrations, hooks => hooks.At = (p, _, _) =>
            p == CrashPoint.StartBeforeStatusRow ? throw new OperationCanceledException("client died") : Task.CompletedTask, enableWorker: false);
        var instanceId = "crash-start-" + Guid.NewGuid().ToString("N");

        await Assert.ThrowsAsync<OperationCanceledException>(() => client.Client.ScheduleNewOrchestrationInstanceAsync(
            "Sequence", new[] { "x" }, new Client.StartOrchestrationOptions(instanceId)));
        var beforeWorker = await client.Client.GetInstanceAsync(instanceId);

        await using var worker = await StartWorkerAsync(hubName, orchestrations);
        var done = await worker.WaitAsync(instanceId);
        await client.DisposeAsync();

        Assert.Null(beforeWorker);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello x!"], done.ReadOutputAs<List<string>>()!);
    }

    [Fact]
    public async Task A_worker_killed_during_an_activity_has_the_activity_run_again_and_applied_once()
    {
        var hubName = "crash" + Guid.NewGuid().ToString("N")[..10];
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        void Register(DurableTaskRegistry registry) => registry
            .AddActivityFunc<string, string>("Slow", async (_, name) =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite);
                }

                return "done " + name;
            })
            .AddOrchestratorFunc<string, string>("UsesSlow", (context, name) => context.CallActivityAsync<string>("Slow", name));

        var doomed = await DurableHost.StartAsync(azurite.Server, Register, Short, hubName);
        var id = await doomed.Client.ScheduleNewOrchestrationInstanceAsync("UsesSlow", "z");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await doomed.StopAsync(TimeSpan.FromMilliseconds(200));

        await using var fresh = await DurableHost.StartAsync(azurite.Server, Register, Short, hubName);
        var done = await fresh.WaitAsync(id);

        Assert.Equal("done z", done.ReadOutputAs<string>());
        Assert.Equal(2, runs);
        await AssertEachResultAppliedOnceAsync(fresh, id, expectedTasks: 1);
    }

    private static void Short(DurableTaskOptions options)
    {
        options.ControlQueueVisibilityTimeout = Visibility;
        options.WorkItemVisibilityTimeout = Visibility;
    }

    private Task<DurableHost> StartWorkerAsync(string hubName, TestOrchestrations orchestrations, Action<EngineHooks>? hooks = null, bool enableWorker = true) =>
        DurableHost.StartAsync(
            azurite.Server,
            orchestrations.Register,
            options =>
            {
                Short(options);
                options.EnableWorker = enableWorker;
            },
            hubName,
            services => services.AddSingleton(_ =>
            {
                var engineHooks = new EngineHooks();
                hooks?.Invoke(engineHooks);
                return engineHooks;
            }));

    private static async Task AssertEachResultAppliedOnceAsync(DurableHost host, string instanceId, int expectedTasks)
    {
        var history = await host.Client.GetInstanceHistoryAsync(instanceId);
        var scheduled = history.Where(e => e.EventType == HistoryEventType.TaskScheduled).Select(e => e.TaskId).ToList();
        var completed = history.Where(e => e.EventType is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed).Select(e => e.TaskId).ToList();
        Assert.Equal(expectedTasks, scheduled.Count);
        Assert.Equal(scheduled.Order(), completed.Order());
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionCompleted);
    }
}
