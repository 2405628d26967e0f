using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Engage.Functions.Storage;

/// <summary>
/// A table or blob container that is created on first use, once per process: the first request after start-up
/// may come before any initializer ran, and storage may come up after the app.
/// </summary>
public abstract class CreatedOnFirstUse<TClient>(TClient client, Func<TClient, CancellationToken, Task> create)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public async Task<TClient> GetAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return client;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await create(client, cancellationToken);
                _created = true;
            }

            return client;
        }
        finally
        {
            _gate.Release();
        }
    }
}

public sealed class LazyTable(TableServiceClient tables, string name)
    : CreatedOnFirstUse<TableClient>(tables.GetTableClient(name), (table, cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken))
{
    public string Name => name;
}

/// <summary>
/// A table that is created and then filled with what the app ships in it (seed rows) on first use, once per process;
/// <paramref name="seed"/> must be safe to run again, by another process or after a restart.
/// </summary>
public sealed class SeededTable(TableServiceClient tables, string name, Func<TableClient, CancellationToken, Task> seed)
    : CreatedOnFirstUse<TableClient>(tables.GetTableClient(name), async (table, cancellationToken) =>
    {
        await table.CreateIfNotExistsAsync(cancellationToken);
        await seed(table, cancellationToken);
    });

public sealed class LazyContainer(BlobServiceClient blobs, string name)
    : CreatedOnFirstUse<BlobContainerClient>(blobs.GetBlobContainerClient(name), (container, cancellationToken) => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
