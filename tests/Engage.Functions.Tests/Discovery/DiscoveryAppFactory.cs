using System.Text.Json;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Engine;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Discovery;

/// <summary>
/// The real app on the test run's Azurite in local development mode (no keys), with tables of its own
/// (a table prefix) and the given crews. Timers are off unless a test turns them on, so runs happen when a
/// test says.
/// </summary>
public sealed class DiscoveryAppFactory : AppOnAzuriteFactory
{
    public const string WebhookSecret = "test-webhook-secret";

    private readonly object[]? _crews;
    private readonly (string Key, string Value)[] _settings;

    public DiscoveryAppFactory(AzuriteServer azurite, object[]? crews, params (string Key, string Value)[] settings)
        : base(azurite)
    {
        _crews = crews;
        _settings = settings;
        TablePrefix = "d" + Guid.NewGuid().ToString("N")[..12];
    }

    public string TablePrefix { get; init; }

    public DiscoveryRunner Runner => Services.GetRequiredService<DiscoveryRunner>();

    public CrewCatalog Catalog => Services.GetRequiredService<CrewCatalog>();

    public CrewDiscovery CrewDiscovery => Services.GetRequiredService<CrewDiscovery>();

    protected override IEnumerable<(string Key, string Value)> FeatureSettings =>
    [
        ("DISCOVERY_TABLE_PREFIX", TablePrefix),
        ("DISCOVERY_WEBHOOK_SECRET", WebhookSecret),
        ("DISCOVERY_CREWS", _crews is null ? string.Empty : JsonSerializer.Serialize(_crews)),
        .. _settings,
    ];
}
