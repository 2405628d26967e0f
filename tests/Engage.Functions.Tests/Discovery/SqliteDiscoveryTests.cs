using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

public sealed class SqliteDiscoveryTests(AzuriteFixture azurite)
    : DiscoveryScenarios(azurite.Server), IClassFixture<AzuriteFixture>
{
    protected override ChatHistory NewHistory() => new SqliteChatHistory();
}
