using Engage.Storage.Tables;
using Engage.Testing;

namespace Engage.Storage.Tests.Tables;

/// <summary>Gives each test class a fresh table on the shared Azurite.</summary>
public abstract class TableTestBase(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected TableServiceClient Service { get; private set; } = null!;

    protected TableClient Table { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = new TableServiceClient(Azurite.ConnectionString);
        Table = Service.GetTableClient(TestNames.Table());
        await Table.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => Table.DeleteAsync();
}
