using Azure.Data.Tables;

namespace Engage.Functions.Storage;

/// <summary>
/// A table that is created on first use, once per process: the first request after start-up
/// may come before any initializer ran, and storage may come up after the app.
/// </summary>
public sealed class LazyTable(TableServiceClient tables, string name)
{
    private readonly TableClient _table = tables.GetTableClient(name);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public string Name => _table.Name;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return _table;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
                _created = true;
            }

            return _table;
        }
        finally
        {
            _gate.Release();
        }
    }
}
