using Microsoft.Data.Sqlite;

namespace Engage.Functions.Tests.Discovery;

/// <summary>The same logical table in a SQLite file of its own.</summary>
public sealed class SqliteChatHistory : ChatHistory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"engage-discovery-test-{Guid.NewGuid():N}.sqlite");

    public override string Source => "sqlite";

    public override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    public override Task CreateAsync(bool withCreatedAt = false, bool sessionIndex = true)
    {
        var createdAt = withCreatedAt ? ", created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))" : string.Empty;
        var index = sessionIndex ? $"; CREATE INDEX {Table}_session ON {Table} (session_id, id)" : string.Empty;
        return ExecuteAsync($"CREATE TABLE {Table} (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id VARCHAR(255) NOT NULL, message TEXT NOT NULL{createdAt}){index}");
    }

    public override Task AddAsync(IEnumerable<ChatMessage> messages) => InsertAsync(messages, id: null);

    /// <summary>SQLite has one writer at a time, so a late commit is staged: the row is inserted later under an id below one already read.</summary>
    public override async Task<LateRow> BeginLateAsync(ChatMessage message)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var next = connection.CreateCommand();
        next.CommandText = $"SELECT COALESCE(MAX(id), 0) + 1 FROM {Table}";
        var id = (long)(await next.ExecuteScalarAsync())!;
        await using var skip = connection.CreateCommand();
        skip.CommandText = $"UPDATE sqlite_sequence SET seq = {id} WHERE name = '{Table}'";
        await skip.ExecuteNonQueryAsync();
        return new StagedRow(this, message, id);
    }

    private async Task InsertAsync(IEnumerable<ChatMessage> messages, long? id)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var all = messages.ToList();
        var withTime = all.Any(m => m.CreatedAt is not null);
        var (idColumn, idValue) = id is null ? (string.Empty, string.Empty) : ("id, ", $"{id}, ");
        var (timeColumn, timeValue) = withTime ? (", created_at", ", @t") : (string.Empty, string.Empty);
        insert.CommandText = $"INSERT INTO {Table} ({idColumn}session_id, message{timeColumn}) VALUES ({idValue}@s, @m{timeValue})";
        var session = insert.Parameters.Add("@s", SqliteType.Text);
        var json = insert.Parameters.Add("@m", SqliteType.Text);
        var time = insert.Parameters.Add("@t", SqliteType.Text);
        foreach (var message in all)
        {
            session.Value = message.SessionId;
            json.Value = message.Json;
            time.Value = (message.CreatedAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class StagedRow(SqliteChatHistory history, ChatMessage message, long id) : LateRow
    {
        public override Task CommitAsync() => history.InsertAsync([message], id);
    }
}
