using Engage.Testing;

namespace Engage.Durable.Tests;

/// <summary>One worker and hub per test class, running <see cref="TestOrchestrations"/>.</summary>
public sealed class DurableHostFixture : IAsyncLifetime
{
    private DurableHost? _host;

    public TestOrchestrations Orchestrations { get; } = new();

    public DurableHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public AzuriteServer Azurite { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.SharedAsync();
        _host = await DurableHost.StartAsync(Azurite, Orchestrations.Register);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
