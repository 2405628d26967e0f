using Xunit;

namespace Engage.Testing;

/// <summary>Class fixture handing every test class the one Azurite of the test process.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await AzuriteServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
