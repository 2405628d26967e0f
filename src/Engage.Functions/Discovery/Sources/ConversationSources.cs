using System.Collections.Concurrent;
using System.Data.Common;
using Engage.Functions.Discovery.Crews;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// The source of each crew, with one pooled data source per connection string: crews of a client usually
/// share a database.
/// </summary>
public sealed class ConversationSources : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(SourceKind, string), DbDataSource> _dataSources = new();

    public IConversationSource For(CrewDefinition crew)
    {
        var dataSource = _dataSources.GetOrAdd((crew.Source, crew.ConnectionString), static key => key.Item1 switch
        {
            SourceKind.Postgres => NpgsqlDataSource.Create(key.Item2),
            _ => SqliteFactory.Instance.CreateDataSource(key.Item2),
        });
        return new SqlConversationSource(dataSource, crew.Source == SourceKind.Postgres ? SqlDialect.Postgres : SqlDialect.Sqlite, crew.Table);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources.Values)
        {
            await dataSource.DisposeAsync();
        }

        _dataSources.Clear();
    }
}
