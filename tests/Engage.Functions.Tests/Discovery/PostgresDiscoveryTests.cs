using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

public sealed class PostgresDiscoveryTests(AzuriteFixture azurite, PostgresFixture postgres)
    : DiscoveryScenarios(azurite.Server), IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>
{
    /// <summary>
    /// On an Azurite of its own: writing ten thousand index rows keeps the emulator's one thread busy for half a
    /// minute, and on the run's shared one every other test's storage calls would wait behind them.
    /// </summary>
    [Fact]
    public async Task Discovers_ten_thousand_conversations()
    {
        await using var ownAzurite = await AzuriteServer.StartAsync();
        await DiscoverAsync(10_000, ownAzurite);
    }

    protected override ChatHistory NewHistory() => new PostgresChatHistory(postgres.Server);
}
