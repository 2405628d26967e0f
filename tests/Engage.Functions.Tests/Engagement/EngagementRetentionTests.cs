using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Engage.Functions.Commands;
using Engage.Functions.Engagement;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Retention;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Staging;
using Engage.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Engage.Functions.Tests.Engagement;

/// <summary>Runs on an Azurite of its own: a retention sweep sees every run in the account.</summary>
public sealed class EngagementRetentionTests
{
    [Fact]
    public async Task The_daily_timer_deletes_old_runs_with_their_histories_and_expired_keys()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = new EngagementAppFactory(azurite, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>()));
        var client = new EngagementClient(app.CreateClient());
        var domain = EngagementRunTests.UniqueDomain();
        var (_, started) = await client.StartAsync($"{{\"domain\":\"{domain}\"}}", idempotencyKey: "retention-key");
        var runId = started!["run_id"]!.GetValue<string>();
        await client.WaitAsync(domain, runId);
        var durable = app.Services.GetRequiredService<DurableTaskClient>();

        // The status entity says complete a moment before the orchestration records its own end.
        await durable.WaitForInstanceCompletionAsync(runId);
        var keptRecent = new RetentionTimer(app, DateTimeOffset.UtcNow.AddDays(1));
        var eightDaysLater = new RetentionTimer(app, DateTimeOffset.UtcNow.AddDays(8));

        await keptRecent.Timer.RunAsync(new TimerInfo(), durable, CancellationToken.None);
        var afterFirstSweep = await client.StatusAsync(domain, runId);
        await eightDaysLater.Timer.RunAsync(new TimerInfo(), durable, CancellationToken.None);

        Assert.Single(afterFirstSweep);
        Assert.Empty(await client.StatusAsync(domain, runId));
        Assert.Null(await durable.GetInstanceAsync(runId));
        Assert.Empty(await durable.GetOrchestrationHistoryAsync(runId));
        var (decision, _) = await app.Services.GetRequiredService<IdempotencyStore>()
            .ClaimAsync("engagement-summary", "retention-key", "another body", "another-run", CancellationToken.None);
        Assert.NotEqual(IdempotencyDecision.Mismatch, decision);
    }

    [Fact]
    public async Task An_old_run_whose_orchestration_still_runs_is_terminated_and_kept_until_a_later_sweep()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = new EngagementAppFactory(azurite, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>()));
        app.CreateClient().Dispose();
        var tenDaysAgo = new EngagementRunStore(app.Services.GetRequiredService<TableServiceClient>(), app.Services.GetRequiredService<BlobServiceClient>(), new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(-10)));
        await tenDaysAgo.StartAsync("running.example.com", "run-running", CancellationToken.None);
        await tenDaysAgo.StartAsync("done.example.com", "run-done", CancellationToken.None);
        var durable = new Mock<DurableTaskClient>("test") { CallBase = true };
        durable.Setup(d => d.GetInstancesAsync("run-running", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("EngagementAggregation", "run-running") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        durable.Setup(d => d.GetInstancesAsync("run-done", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("EngagementAggregation", "run-done") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        durable.Setup(d => d.TerminateInstanceAsync("run-running", It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        durable.Setup(d => d.PurgeInstanceAsync("run-done", It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>())).ReturnsAsync(new PurgeResult(1));
        durable.Setup(d => d.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>([], null))));
        var timer = ActivatorUtilities.CreateInstance<EngagementRetentionTimer>(app.Services);

        await timer.RunAsync(new TimerInfo(), durable.Object, CancellationToken.None);

        var runs = app.Services.GetRequiredService<EngagementRunStore>();
        durable.Verify(d => d.TerminateInstanceAsync("run-running", It.Is<TerminateInstanceOptions?>(o => Equals(o!.Output, "retention period over")), It.IsAny<CancellationToken>()), Times.Once);
        durable.Verify(d => d.PurgeInstanceAsync("run-running", It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.NotNull(await runs.GetAsync("running.example.com", "run-running", CancellationToken.None));
        durable.Verify(d => d.PurgeInstanceAsync("run-done", It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Null(await runs.GetAsync("done.example.com", "run-done", CancellationToken.None));
    }

    private sealed class RetentionTimer(EngagementAppFactory app, DateTimeOffset now)
    {
        public EngagementRetentionTimer Timer { get; } = new(
            new EngagementRunStore(app.Services.GetRequiredService<TableServiceClient>(), app.Services.GetRequiredService<BlobServiceClient>(), new ManualTimeProvider(now)),
            app.Services.GetRequiredService<RunStaging>(),
            new IdempotencyStore(app.Services.GetRequiredService<TableServiceClient>(), new ManualTimeProvider(now)),
            app.Services.GetRequiredService<EngagementOptions>(),
            new ManualTimeProvider(now),
            NullLogger<EngagementRetentionTimer>.Instance);
    }
}
