using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

public sealed class PostgresDiscoveryTests(AzuriteFixture azurite, PostgresFixture postgres)
    : DiscoveryScenarios(azurite.Server), IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>
{
    [Fact]
    public Task Discovers_ten_thousand_conversations() => DiscoverAsync(10_000);

    protected override ChatHistory NewHistory() => new PostgresChatHistory(postgres.Server);
}
