using System.Data;
using Engage.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Engage.Functions.Tests.Discovery;

/// <summary>A table as n8n creates it (serial id, varchar session_id, jsonb message) on the test run's PostgreSQL.</summary>
public sealed class PostgresChatHistory(PostgresServer server) : ChatHistory
{
    public override string Source => "postgres";

    public override string ConnectionString => server.ConnectionString;

    public override async Task CreateAsync(bool withCreatedAt = false, bool sessionIndex = true)
    {
        var createdAt = withCreatedAt ? ", created_at timestamptz NOT NULL DEFAULT now()" : string.Empty;
        var index = sessionIndex ? $"; CREATE INDEX ON {Table} (session_id, id)" : string.Empty;
        await ExecuteAsync($"CREATE TABLE {Table} (id SERIAL PRIMARY KEY, session_id VARCHAR(255) NOT NULL, message JSONB NOT NULL{createdAt}){index}");
    }

    public override async Task AddAsync(IEnumerable<ChatMessage> messages)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var all = messages.ToList();
        var withTime = all.Any(m => m.CreatedAt is not null);
        await using var copy = await connection.BeginBinaryImportAsync(
            withTime ? $"COPY {Table} (session_id, message, created_at) FROM STDIN (FORMAT BINARY)" : $"COPY {Table} (session_id, message) FROM STDIN (FORMAT BINARY)");
        foreach (var message in all)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(message.SessionId, NpgsqlDbType.Varchar);
            await copy.WriteAsync(message.Json, NpgsqlDbType.Jsonb);
            if (withTime)
            {
                await copy.WriteAsync((message.CreatedAt ?? DateTimeOffset.UtcNow).UtcDateTime, NpgsqlDbType.TimestampTz);
            }
        }

        await copy.CompleteAsync();
    }

    public override async Task<LateRow> BeginLateAsync(ChatMessage message)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand($"INSERT INTO {Table} (session_id, message) VALUES (@s, @m::jsonb)", connection, transaction);
        insert.Parameters.AddWithValue("s", message.SessionId);
        insert.Parameters.AddWithValue("m", message.Json);
        await insert.ExecuteNonQueryAsync();
        return new OpenTransaction(connection, transaction);
    }

    /// <summary>Locks the table until disposed, so every query of discovery on it waits.</summary>
    public async Task<IAsyncDisposable> LockAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"LOCK TABLE {Table} IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new OpenTransaction(connection, transaction);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class OpenTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : LateRow
    {
        public override Task CommitAsync() => transaction.CommitAsync();

        public override async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            if (connection.State == ConnectionState.Open)
            {
                await connection.CloseAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
