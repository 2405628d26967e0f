using System.Data.Common;
using Npgsql;

namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// The little that differs between PostgreSQL and SQLite for n8n's table, two catalog queries and how a
/// connection the server ended shows: everything else, JSON access with <c>-&gt;&gt;</c> included, is the
/// same SQL on both.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Postgres = new(
        "SELECT to_regclass(@table) IS NOT NULL",
        "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] " +
        "WHERE i.indrelid = to_regclass(@table) AND a.attname = 'session_id')",

        // The server says so (57P01 shut down or session terminated, 57P02 another process crashed, 57P05 idle
        // session timeout), or, cut off by a crash, failover or reset, says nothing and the stream just ends.
        e => e is PostgresException { SqlState: "57P01" or "57P02" or "57P05" } or NpgsqlException { InnerException: IOException },
        dataSource => ((NpgsqlDataSource)dataSource).Clear());

    /// <summary>A file has no server to end its connections.</summary>
    public static readonly SqlDialect Sqlite = new(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = @table COLLATE NOCASE)",
        "SELECT EXISTS (SELECT 1 FROM pragma_index_list(@table) l JOIN pragma_index_info(l.name) c " +
        "WHERE c.seqno = 0 AND c.name = 'session_id')",
        _ => false,
        _ => { });

    private SqlDialect(string tableExistsQuery, string sessionIndexQuery, Func<Exception, bool> connectionEnded, Action<DbDataSource> clearPool)
    {
        TableExistsQuery = tableExistsQuery;
        SessionIndexQuery = sessionIndexQuery;
        ConnectionEnded = connectionEnded;
        ClearPool = clearPool;
    }

    /// <summary>True when the table (or a view) exists where an unqualified query finds it; takes the name as <c>@table</c>.</summary>
    public string TableExistsQuery { get; }

    /// <summary>True when an index leads with <c>session_id</c>; takes the table name as <c>@table</c> (a value, not an identifier).</summary>
    public string SessionIndexQuery { get; }

    /// <summary>
    /// Whether a query failed because the server had ended its connection. A restart or failover ends every
    /// connection idle in the pool, and the pool hands them out again without a check, so the next query on
    /// each fails although the server is back.
    /// </summary>
    public Func<Exception, bool> ConnectionEnded { get; }

    /// <summary>Closes the pool's idle connections, so the next query opens a new one.</summary>
    public Action<DbDataSource> ClearPool { get; }
}
