using Engage.Durable.Client;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests;

public sealed class InstanceManagementTests(DurableHostFixture fixture) : IClassFixture<DurableHostFixture>
{
    private DurableTaskClient Client => fixture.Host.Client;

    [Fact]
    public async Task Purge_removes_a_finished_instance_with_its_history_and_payloads_and_refuses_a_running_one()
    {
        var big = await fixture.Host.RunAsync("BigOutput", 200_000);
        var running = await Client.ScheduleNewOrchestrationInstanceAsync("WaitForever", 0);

        var purged = await Client.PurgeInstanceAsync(big.InstanceId);
        var again = await Client.PurgeInstanceAsync(big.InstanceId);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.PurgeInstanceAsync(running));

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Equal(0, again.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(big.InstanceId));
        Assert.Empty(await Client.GetInstanceHistoryAsync(big.InstanceId));
        Assert.Contains("terminate", refused.Message, StringComparison.Ordinal);
        var hub = (Storage.TaskHub)fixture.Host.Services.GetService(typeof(Storage.TaskHub))!;
        var payloadRows = await hub.Payloads.QueryAsync<Engage.Storage.Tables.TableEntity>(
            Engage.Storage.Tables.TableOdataFilter.Create($"PartitionKey eq {big.InstanceId}")).CountAsync();
        Assert.Equal(0, payloadRows);
        await Client.TerminateInstanceAsync(running, "cleanup");
    }

    [Fact]
    public async Task Purge_all_removes_finished_instances_created_in_the_range_with_the_given_statuses()
    {
        var from = DateTimeOffset.UtcNow;
        var completed = await fixture.Host.RunAsync("Sequence", new[] { "p" });
        var failed = await fixture.Host.RunAsync("FailingActivity", "boom");

        var result = await Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, DateTimeOffset.UtcNow.AddMinutes(1), [OrchestrationRuntimeStatus.Failed]));

        Assert.True(result.PurgedInstanceCount >= 1);
        Assert.Null(await Client.GetInstanceAsync(failed.InstanceId));
        Assert.NotNull(await Client.GetInstanceAsync(completed.InstanceId));
        await Assert.ThrowsAsync<ArgumentException>(() => Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running])));
    }

    [Fact]
    public async Task Queries_page_through_instances_by_prefix_status_and_creation_time()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { $"n{i}" }, new StartOrchestrationOptions($"{prefix}{i}")));
        }

        foreach (var id in ids)
        {
            await fixture.Host.WaitAsync(id);
        }

        var pages = new List<int>();
        var seen = new List<string>();
        await foreach (var page in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 3 }).AsPages())
        {
            pages.Add(page.Values.Count);
            seen.AddRange(page.Values.Select(v => v.InstanceId));
        }

        var completed = await Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = prefix,
            Statuses = [OrchestrationRuntimeStatus.Completed],
            CreatedFrom = DateTimeOffset.UtcNow.AddMinutes(-5),
            FetchInputsAndOutputs = true,
        }).ToListAsync();
        var running = await Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running] }).ToListAsync();
        var future = await Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedFrom = DateTimeOffset.UtcNow.AddMinutes(5) }).ToListAsync();

        Assert.Equal(ids.Order(), seen.Order());
        Assert.All(pages, count => Assert.True(count <= 3));
        Assert.True(pages.Count >= 3);
        Assert.Equal(7, completed.Count);
        Assert.All(completed, c => Assert.NotNull(c.SerializedOutput));
        Assert.Empty(running);
        Assert.Empty(future);
    }

    [Fact]
    public async Task A_running_instance_id_is_refused_and_a_finished_one_is_reused_with_a_fresh_history()
    {
        var id = "reuse-" + Guid.NewGuid().ToString("N");
        await Client.ScheduleNewOrchestrationInstanceAsync("WaitForever", 0, new StartOrchestrationOptions(id));

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { "x" }, new StartOrchestrationOptions(id)));
        await Client.TerminateInstanceAsync(id, "make room");
        await fixture.Host.WaitAsync(id);
        await Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { "again" }, new StartOrchestrationOptions(id));
        var done = await Client.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed, getInputsAndOutputs: true);

        Assert.Equal(id, refused.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Sequence", done.Name);
        Assert.Equal(["Hello again!"], done.ReadOutputAs<List<string>>()!);
        var history = await Client.GetInstanceHistoryAsync(id);
        Assert.Single(history, e => e.EventType == History.HistoryEventType.ExecutionStarted);
        Assert.DoesNotContain(history, e => e.EventType == History.HistoryEventType.ExecutionTerminated);
    }

    [Fact]
    public async Task A_duplicated_event_delivery_is_applied_once()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Approval", 60);
        var hub = (Storage.TaskHub)fixture.Host.Services.GetService(typeof(Storage.TaskHub))!;
        var outbox = (Storage.Outbox)fixture.Host.Services.GetService(typeof(Storage.Outbox))!;
        var raised = History.HistoryEvent.EventRaised("Approved", "\"dup\"", "same-key", DateTimeOffset.UtcNow);

        await outbox.Control(id, null, [raised], TimeSpan.Zero).SendAsync(CancellationToken.None);
        await outbox.Control(id, null, [raised], TimeSpan.Zero).SendAsync(CancellationToken.None);
        var done = await fixture.Host.WaitAsync(id);
        for (var i = 0; i < 50 && (await hub.ControlQueueFor(id).PeekMessagesAsync(32)).Value.Any(m => m.MessageText.Contains(id, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("approved by dup", done.ReadOutputAs<string>());
        var history = await Client.GetInstanceHistoryAsync(id);
        Assert.Single(history, e => e.EventType == History.HistoryEventType.EventRaised);
    }
}
