using Azure.Data.Tables;
using Engage.Functions.Engagement;
using Engage.Functions.Engagement.Idempotency;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Retention;
using Engage.Functions.Engagement.Runs;
using Engage.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

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
            .ClaimAsync("engagement-summary", "retention-key", "another body", CancellationToken.None);
        Assert.NotEqual(IdempotencyDecision.Mismatch, decision);
    }

    private sealed class RetentionTimer(EngagementAppFactory app, DateTimeOffset now)
    {
        public EngagementRetentionTimer Timer { get; } = new(
            new EngagementRunStore(app.Services.GetRequiredService<TableServiceClient>(), new ManualTimeProvider(now)),
            new IdempotencyStore(app.Services.GetRequiredService<TableServiceClient>(), new ManualTimeProvider(now)),
            app.Services.GetRequiredService<EngagementOptions>(),
            new ManualTimeProvider(now),
            NullLogger<EngagementRetentionTimer>.Instance);
    }
}
