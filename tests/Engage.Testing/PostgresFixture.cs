using Xunit;

namespace Engage.Testing;

/// <summary>Class fixture handing every test class the one PostgreSQL of the test process.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync() => _server = await PostgresServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
