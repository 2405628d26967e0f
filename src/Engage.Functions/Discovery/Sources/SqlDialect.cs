namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// The little that differs between PostgreSQL and SQLite for n8n's table: everything else, JSON access with
/// <c>-&gt;&gt;</c> included, is the same SQL on both.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Postgres = new(
        "SELECT to_regclass(@table) IS NOT NULL",
        "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] " +
        "WHERE i.indrelid = to_regclass(@table) AND a.attname = 'session_id')");

    public static readonly SqlDialect Sqlite = new(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = @table COLLATE NOCASE)",
        "SELECT EXISTS (SELECT 1 FROM pragma_index_list(@table) l JOIN pragma_index_info(l.name) c " +
        "WHERE c.seqno = 0 AND c.name = 'session_id')");

    private SqlDialect(string tableExistsQuery, string sessionIndexQuery)
    {
        TableExistsQuery = tableExistsQuery;
        SessionIndexQuery = sessionIndexQuery;
    }

    /// <summary>True when the table (or a view) exists where an unqualified query finds it; takes the name as <c>@table</c>.</summary>
    public string TableExistsQuery { get; }

    /// <summary>True when an index leads with <c>session_id</c>; takes the table name as <c>@table</c> (a value, not an identifier).</summary>
    public string SessionIndexQuery { get; }
}
