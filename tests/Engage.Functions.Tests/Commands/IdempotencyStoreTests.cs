using Azure.Data.Tables;
using Engage.Functions.Commands;
using Engage.Testing;

namespace Engage.Functions.Tests.Commands;

public sealed class IdempotencyStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Keys_expire_after_24_hours_and_are_cleaned_up()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        var store = new IdempotencyStore(new TableServiceClient(azurite.ConnectionString), clock);
        var scope = "test-" + Guid.NewGuid().ToString("N");
        var fingerprint = IdempotencyStore.Fingerprint("{}"u8);

        var (first, record) = await store.ClaimAsync(scope, "key", fingerprint, "run", CancellationToken.None);
        await store.CompleteAsync(record, 202, "{\"ok\":true}", null, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(23));
        var (withinDay, replay) = await store.ClaimAsync(scope, "key", fingerprint, "run", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        var (afterDay, _) = await store.ClaimAsync(scope, "key", IdempotencyStore.Fingerprint("{\"other\":1}"u8), "run", CancellationToken.None);
        await store.ClaimAsync(scope, "stale", fingerprint, "run", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(25));
        var purged = await store.PurgeExpiredAsync(CancellationToken.None);
        var (afterPurge, _) = await store.ClaimAsync(scope, "stale", IdempotencyStore.Fingerprint("{\"x\":2}"u8), "run", CancellationToken.None);

        Assert.Equal(IdempotencyDecision.Process, first);
        Assert.Equal(IdempotencyDecision.Replay, withinDay);
        Assert.Equal("{\"ok\":true}", replay.ResponseBody);
        Assert.Equal(IdempotencyDecision.Process, afterDay);
        Assert.True(purged >= 2, $"purged {purged}");
        Assert.Equal(IdempotencyDecision.Process, afterPurge);
    }

    [Fact]
    public async Task Two_concurrent_first_requests_cannot_both_process()
    {
        var store = new IdempotencyStore(new TableServiceClient(azurite.ConnectionString), TimeProvider.System);
        var scope = "race-" + Guid.NewGuid().ToString("N");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            store.ClaimAsync(scope, "same", IdempotencyStore.Fingerprint("{}"u8), "run", CancellationToken.None)));

        Assert.Single(decisions, d => d.Decision == IdempotencyDecision.Process);
        Assert.All(decisions.Where(d => d.Decision != IdempotencyDecision.Process), d => Assert.Equal(IdempotencyDecision.InFlight, d.Decision));
    }

    [Fact]
    public async Task A_claim_whose_request_died_is_taken_over_after_its_lease_with_the_same_result_id()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var store = new IdempotencyStore(new TableServiceClient(azurite.ConnectionString), clock);
        var scope = "lease-" + Guid.NewGuid().ToString("N");
        var fingerprint = IdempotencyStore.Fingerprint("{}"u8);

        var (first, claimed) = await store.ClaimAsync(scope, "key", fingerprint, "run-1", CancellationToken.None);
        clock.Advance(IdempotencyStore.ClaimLease - TimeSpan.FromSeconds(1));
        var (withinLease, _) = await store.ClaimAsync(scope, "key", fingerprint, "run-2", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        var racers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => store.ClaimAsync(scope, "key", fingerprint, $"run-{3 + i}", CancellationToken.None)));

        Assert.Equal((IdempotencyDecision.Process, "run-1"), (first, claimed.ResultId));
        Assert.Equal(IdempotencyDecision.InFlight, withinLease);
        var takeOver = Assert.Single(racers, r => r.Decision == IdempotencyDecision.TakeOver);
        Assert.Equal("run-1", takeOver.Record.ResultId);
        Assert.All(racers.Where(r => r.Decision != IdempotencyDecision.TakeOver), r => Assert.Equal(IdempotencyDecision.InFlight, r.Decision));
    }

    [Theory]
    [InlineData("customers:odd/user#1?x")]
    [InlineData("customers:back\\slash")]
    public async Task A_scope_with_characters_a_partition_key_cannot_hold_still_claims_and_replays(string scope)
    {
        var store = new IdempotencyStore(new TableServiceClient(azurite.ConnectionString), TimeProvider.System);
        var fingerprint = IdempotencyStore.Fingerprint("{}"u8);
        var key = Guid.NewGuid().ToString();

        var (first, record) = await store.ClaimAsync(scope, key, fingerprint, "created", CancellationToken.None);
        await store.CompleteAsync(record, 201, "{}", null, CancellationToken.None);
        var (again, _) = await store.ClaimAsync(scope, key, fingerprint, "created", CancellationToken.None);

        Assert.Equal(IdempotencyDecision.Process, first);
        Assert.Equal(IdempotencyDecision.Replay, again);
    }
}
