using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Engage.Functions.Discovery.State;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Discovery;

/// <summary>
/// The lease a run holds while its crew is busy (its table locked, so the run waits in a query): renewals that
/// fail are retried, and a lease that is lost stops the run before it writes anything more. The clock is manual,
/// so the lease's minutes pass in a moment.
/// </summary>
public sealed class DiscoveryLeaseTests(AzuriteFixture azurite, PostgresFixture postgres) : IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>
{
    private const string LeaseKeys = "(PartitionKey='lease',RowKey='runner')";

    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TableTraffic _traffic = new();

    [Fact]
    public async Task A_renewal_that_fails_for_a_while_is_retried_and_the_run_keeps_its_lease()
    {
        var (history, locked) = await LockedHistoryAsync();
        await using var _ = locked;
        await using var app = App(history);
        var renewals = 0;
        var failures = 3;
        _traffic.Before = request =>
        {
            if (TableTraffic.Targets(request, RequestMethod.Put, LeaseKeys))
            {
                Interlocked.Increment(ref renewals);
                if (Interlocked.Decrement(ref failures) >= 0)
                {
                    throw new RequestFailedException(503, "Table Storage is briefly unavailable (injected by the test).");
                }
            }

            return Task.CompletedTask;
        };

        var run = app.Runner.RunAsync("test", CancellationToken.None);
        var taken = await LeaseAsync(app);
        var retried = await StepUntilAsync(() => Volatile.Read(ref renewals) >= 4);
        var renewed = await LeaseAsync(app);
        await locked.DisposeAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(retried, $"{renewals} renewal attempts");
        Assert.Equal(taken.Owner, renewed.Owner);
        Assert.True(renewed.ExpiresAt > taken.ExpiresAt);
        Assert.False(result.Skipped, result.SkippedBecause);
        Assert.True(result.Crews.Single().Succeeded, result.Crews.Single().Error);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Exception is RequestFailedException { Status: 503 });
    }

    [Fact]
    public async Task A_lease_taken_by_another_instance_stops_the_run_before_it_writes_anything()
    {
        var (history, locked) = await LockedHistoryAsync();
        await using var _ = locked;
        await using var app = App(history);

        var run = app.Runner.RunAsync("test", CancellationToken.None);
        await LeaseAsync(app);

        // As if this instance had stalled past the lease's expiry and another had taken it.
        await (await StateTableAsync(app)).UpsertEntityAsync(new LeaseEntity { Owner = "another-instance", ExpiresAt = _time.GetUtcNow() + DiscoveryLease.Duration }, TableUpdateMode.Replace);
        var stopped = await StepUntilAsync(() => run.IsCompleted);

        Assert.True(stopped, "the run went on without its lease");
        await AssertStoppedWithoutWritingAsync(app, await run);
        Assert.Equal("another-instance", (await LeaseAsync(app)).Owner);
    }

    [Fact]
    public async Task A_lease_that_cannot_be_renewed_before_it_expires_stops_the_run()
    {
        var (history, locked) = await LockedHistoryAsync();
        await using var _ = locked;
        await using var app = App(history);
        var attempts = new List<DateTimeOffset>();
        _traffic.Before = request =>
        {
            if (TableTraffic.Targets(request, RequestMethod.Put, LeaseKeys))
            {
                lock (attempts)
                {
                    attempts.Add(_time.GetUtcNow());
                }

                throw new RequestFailedException(503, "Table Storage is unavailable (injected by the test).");
            }

            return Task.CompletedTask;
        };

        var run = app.Runner.RunAsync("test", CancellationToken.None);
        var taken = await LeaseAsync(app);
        var stopped = await StepUntilAsync(() => run.IsCompleted);

        Assert.True(stopped, "the run went on past its lease");
        await AssertStoppedWithoutWritingAsync(app, await run);
        Assert.True(attempts.Count > 1, $"{attempts.Count} renewal attempts");
        Assert.All(attempts, at => Assert.True(at < taken.ExpiresAt));
    }

    private static async Task AssertStoppedWithoutWritingAsync(DiscoveryAppFactory app, Functions.Discovery.Engine.DiscoveryRunResult result)
    {
        var status = await new DiscoveryClient(app.CreateClient()).StatusAsync();
        Assert.True(result.Skipped);
        Assert.Contains("lease", result.SkippedBecause, StringComparison.Ordinal);
        Assert.Null(status["last_run"]);
        Assert.Null(status["crews"]![0]!["last_run_at"]);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("lease", StringComparison.Ordinal));
    }

    private async Task<(ChatHistory History, IAsyncDisposable Locked)> LockedHistoryAsync()
    {
        var history = new PostgresChatHistory(postgres.Server);
        await history.CreateAsync();
        await history.AddAsync(Conversations.Generate(5, 2));
        return (history, await history.LockAsync());
    }

    /// <summary>The app on the manual clock, with a budget its crew never reaches, so only the lease can stop the run.</summary>
    private DiscoveryAppFactory App(ChatHistory history) =>
        new(azurite.Server, [history.Crew("acme", "support")], ("DISCOVERY_CREW_BUDGET_SECONDS", "3600"))
        {
            ServiceChanges = services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                _traffic.AddTo(services);
            },
        };

    private static async Task<TableClient> StateTableAsync(DiscoveryAppFactory app)
    {
        var table = app.Services.GetRequiredService<TableServiceClient>().GetTableClient(app.TablePrefix + "DiscoveryState");
        await table.CreateIfNotExistsAsync();
        return table;
    }

    /// <summary>The lease row, once a run has taken it.</summary>
    private static async Task<LeaseEntity> LeaseAsync(DiscoveryAppFactory app)
    {
        var table = await StateTableAsync(app);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var lease = await table.GetEntityIfExistsAsync<LeaseEntity>(LeaseEntity.Partition, LeaseEntity.Row);
            if (lease.HasValue || DateTime.UtcNow > deadline)
            {
                return lease.Value ?? throw new InvalidOperationException("No run took the lease.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Moves the clock a second at a time, a moment apart so the app can act, until the condition holds or twice the lease's duration passed.</summary>
    private async Task<bool> StepUntilAsync(Func<bool> condition)
    {
        for (var moved = TimeSpan.Zero; moved < 2 * DiscoveryLease.Duration; moved += TimeSpan.FromSeconds(1))
        {
            if (condition())
            {
                return true;
            }

            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(25);
        }

        return condition();
    }
}
