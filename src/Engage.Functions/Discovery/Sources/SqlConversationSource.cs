using System.Data.Common;
using System.Globalization;
using System.Text;
using Engage.Functions.Discovery.Crews;

namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// The source over ADO.NET, for PostgreSQL (Npgsql) and SQLite alike. Every value is a parameter; the
/// table name, validated by <see cref="SourceTableName"/>, is the only identifier and is always quoted.
/// A read whose connection the server had ended is read again once on a new connection (see <see cref="ReadOnLiveConnectionAsync"/>).
/// </summary>
public sealed class SqlConversationSource(DbDataSource dataSource, SqlDialect dialect, SourceTableName table) : IConversationSource
{
    private const string ContentExpression = "COALESCE(message ->> 'content', message -> 'data' ->> 'content')";

    public Task<SourceSchema> DescribeAsync(CancellationToken cancellationToken) =>
        ReadOnLiveConnectionAsync(() => DescribeOnceAsync(cancellationToken));

    private async Task<SourceSchema> DescribeOnceAsync(CancellationToken cancellationToken)
    {
        await using (var exists = dataSource.CreateCommand(dialect.TableExistsQuery))
        {
            AddParameter(exists, "table", table.Name);
            if (!Convert.ToBoolean(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture))
            {
                throw new SourceTableException(table.Name, []);
            }
        }

        await using var command = dataSource.CreateCommand($"SELECT * FROM {table.Quoted} WHERE 1 = 0");
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }
        }

        var missing = new[] { "id", "session_id", "message" }.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new SourceTableException(table.Name, missing);
        }

        await using var index = dataSource.CreateCommand(dialect.SessionIndexQuery);
        AddParameter(index, "table", table.Name);
        var indexed = Convert.ToBoolean(await index.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new SourceSchema(columns.Contains("created_at"), indexed);
    }

    public Task<IReadOnlyList<SourceRow>> ReadRowsAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        ReadOnLiveConnectionAsync(() => ReadRowsOnceAsync(afterId, limit, cancellationToken));

    private async Task<IReadOnlyList<SourceRow>> ReadRowsOnceAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT id, session_id FROM {table.Quoted} WHERE id > @after ORDER BY id LIMIT @limit");
        AddParameter(command, "after", afterId);
        AddParameter(command, "limit", limit);
        var rows = new List<SourceRow>(Math.Min(limit, 10_000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SourceRow(ReadLong(reader, 0), reader.GetString(1)));
        }

        return rows;
    }

    public Task<IReadOnlyList<SessionSummary>> SummarizeAsync(SourceSchema schema, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken) =>
        ReadOnLiveConnectionAsync(() => SummarizeOnceAsync(schema, sessionIds, cancellationToken));

    private async Task<IReadOnlyList<SessionSummary>> SummarizeOnceAsync(SourceSchema schema, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        if (sessionIds.Count == 0)
        {
            return [];
        }

        var times = schema.HasCreatedAt ? ", MIN(created_at) AS first_at, MAX(created_at) AS last_at" : string.Empty;
        var selectTimes = schema.HasCreatedAt ? ", s.first_at, s.last_at" : string.Empty;
        var names = string.Join(", ", sessionIds.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture)));

        // One grouped pass over the sessions' rows, then the last row of each for its type and preview.
        var sql = new StringBuilder()
            .Append("SELECT s.session_id, s.message_count, s.human_count, s.ai_count, s.first_id, s.last_id").Append(selectTimes)
            .Append(", l.message ->> 'type', ").Append(ContentExpression.Replace("message", "l.message", StringComparison.Ordinal))
            .Append(" FROM (SELECT session_id, COUNT(*) AS message_count")
            .Append(", SUM(CASE WHEN message ->> 'type' = 'human' THEN 1 ELSE 0 END) AS human_count")
            .Append(", SUM(CASE WHEN message ->> 'type' = 'ai' THEN 1 ELSE 0 END) AS ai_count")
            .Append(", MIN(id) AS first_id, MAX(id) AS last_id").Append(times)
            .Append(" FROM ").Append(table.Quoted).Append(" WHERE session_id IN (").Append(names).Append(") GROUP BY session_id) s")
            .Append(" JOIN ").Append(table.Quoted).Append(" l ON l.id = s.last_id")
            .ToString();
        await using var command = dataSource.CreateCommand(sql);
        var n = 0;
        foreach (var sessionId in sessionIds)
        {
            AddParameter(command, "s" + n++.ToString(CultureInfo.InvariantCulture), sessionId);
        }

        var summaries = new List<SessionSummary>(sessionIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var next = schema.HasCreatedAt ? 8 : 6;
            summaries.Add(new SessionSummary(
                reader.GetString(0),
                ReadLong(reader, 1),
                ReadLong(reader, 2),
                ReadLong(reader, 3),
                ReadLong(reader, 4),
                ReadLong(reader, 5),
                schema.HasCreatedAt ? ReadTime(reader, 6) : null,
                schema.HasCreatedAt ? ReadTime(reader, 7) : null,
                reader.IsDBNull(next) ? null : reader.GetString(next),
                MessageText.Preview(reader.IsDBNull(next + 1) ? null : reader.GetString(next + 1))));
        }

        return summaries;
    }

    public Task<IReadOnlyList<TranscriptMessage>> ReadTranscriptAsync(SourceSchema schema, string sessionId, int limit, CancellationToken cancellationToken) =>
        ReadOnLiveConnectionAsync(() => ReadTranscriptOnceAsync(schema, sessionId, limit, cancellationToken));

    private async Task<IReadOnlyList<TranscriptMessage>> ReadTranscriptOnceAsync(SourceSchema schema, string sessionId, int limit, CancellationToken cancellationToken)
    {
        var createdAt = schema.HasCreatedAt ? ", created_at" : string.Empty;
        await using var command = dataSource.CreateCommand(
            $"SELECT id, message ->> 'type', {ContentExpression}{createdAt} FROM {table.Quoted} WHERE session_id = @session ORDER BY id LIMIT @limit");
        AddParameter(command, "session", sessionId);
        AddParameter(command, "limit", limit);
        var messages = new List<TranscriptMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new TranscriptMessage(
                ReadLong(reader, 0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                MessageText.From(reader.IsDBNull(2) ? null : reader.GetString(2)),
                schema.HasCreatedAt ? ReadTime(reader, 3) : null));
        }

        return messages;
    }

    /// <summary>
    /// Runs <paramref name="read"/>, and once more on a new connection if the server had ended the one it got
    /// (<see cref="SqlDialect.ConnectionEnded"/>): after the crew's server restarts or fails over, the first read
    /// finds the pool's connections dead and would fail although the server is back. The pool is cleared first,
    /// as every connection in it is ended as well. A source is only read, so reading twice changes nothing.
    /// </summary>
    private async Task<T> ReadOnLiveConnectionAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (dialect.ConnectionEnded(e))
        {
            dialect.ClearPool(dataSource);
            return await read();
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Serial ids are int4 or int8 in PostgreSQL and integers in SQLite; counts are int8.</summary>
    private static long ReadLong(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    /// <summary>timestamptz arrives as UTC, timestamp without zone is taken as UTC, SQLite keeps ISO-8601 text.</summary>
    private static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal) switch
    {
        DateTimeOffset value => value.ToUniversalTime(),
        DateTime value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed,
        _ => null,
    };
}
