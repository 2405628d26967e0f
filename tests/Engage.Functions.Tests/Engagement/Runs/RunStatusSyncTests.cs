using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Runs;
using Engage.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Engage.Functions.Tests.Engagement.Runs;

/// <summary>The run's entity follows the end its orchestration reached, read from a mocked task hub; the entities are on Azurite.</summary>
public sealed class RunStatusSyncTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly Mock<DurableTaskClient> _durable = new("test") { CallBase = true };

    [Fact]
    public async Task A_failure_Engage_did_not_raise_on_purpose_such_as_non_determinism_reads_as_the_fixed_message()
    {
        var run = await StartRunAsync();
        Instance(run.RowKey, OrchestrationRuntimeStatus.Failed, new TaskFailureDetails(
            "DurableTask.Core.Exceptions.NonDeterministicOrchestrationException", "Non-deterministic workflow detected: TaskScheduledEvent: 0 ...", null, null, null));

        var followed = await FollowAsync(run);

        Assert.Equal((RunStatus.Error, EngagementRunException.Unexpected(run.RowKey)), (followed.Status, followed.Error));
    }

    [Fact]
    public async Task A_readable_failure_reads_as_its_message()
    {
        var run = await StartRunAsync();
        Instance(run.RowKey, OrchestrationRuntimeStatus.Failed, new TaskFailureDetails(typeof(EngagementRunException).FullName!, "Fathom is down; try later.", null, null, null));

        Assert.Equal("Fathom is down; try later.", (await FollowAsync(run)).Error);
    }

    [Fact]
    public async Task A_run_whose_orchestration_never_appeared_is_processing_for_a_minute_and_then_lost()
    {
        var run = await StartRunAsync();

        var soon = await FollowAsync(run);
        _clock.Advance(RunStatusSync.StartGrace + TimeSpan.FromSeconds(1));
        var later = await FollowAsync(run);

        Assert.Equal(RunStatus.Processing, soon.Status);
        Assert.Equal((RunStatus.Error, RunStatusSync.LostMessage), (later.Status, later.Error));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task A_run_whose_orchestration_has_not_ended_stays_processing(OrchestrationRuntimeStatus status)
    {
        var run = await StartRunAsync();
        Instance(run.RowKey, status);

        Assert.Equal(RunStatus.Processing, (await FollowAsync(run)).Status);
    }

    [Fact]
    public async Task A_run_that_completed_meanwhile_keeps_its_summary()
    {
        var run = await StartRunAsync();
        await Store.CompleteAsync(run.PartitionKey, run.RowKey, "{\"meetings_count\":0}", "analyzed 0 of 0", CancellationToken.None);
        Instance(run.RowKey, OrchestrationRuntimeStatus.Completed);

        var followed = await FollowAsync(run);

        Assert.Equal((RunStatus.Complete, "{\"meetings_count\":0}"), (followed.Status, followed.Summary));
    }

    [Fact]
    public async Task A_task_hub_that_cannot_be_read_leaves_the_run_as_it_is()
    {
        var run = await StartRunAsync();
        _durable.Setup(d => d.GetInstancesAsync(run.RowKey, It.IsAny<bool>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("queue down"));
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(RunStatus.Processing, (await FollowAsync(run)).Status);
    }

    private EngagementRunStore Store => new(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), _clock);

    private async Task<EngagementRunEntity> StartRunAsync()
    {
        var domain = EngagementRunTests.UniqueDomain();
        var runId = Guid.NewGuid().ToString();
        await Store.StartAsync(domain, runId, CancellationToken.None);
        return (await Store.GetAsync(domain, runId, CancellationToken.None))!;
    }

    private void Instance(string runId, OrchestrationRuntimeStatus status, TaskFailureDetails? failure = null) =>
        _durable.Setup(d => d.GetInstancesAsync(runId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(EngagementAggregationOrchestrator.Name, runId) { RuntimeStatus = status, FailureDetails = failure });

    private Task<EngagementRunEntity> FollowAsync(EngagementRunEntity run) =>
        new RunStatusSync(Store, _clock, NullLogger<RunStatusSync>.Instance).FollowAsync(run, _durable.Object, CancellationToken.None);
}
