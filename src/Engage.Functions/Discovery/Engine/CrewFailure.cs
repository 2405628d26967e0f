using Azure;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Sources;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Engage.Functions.Discovery.Engine;

/// <summary>
/// Why a crew's run failed, as the status shows it: a fixed sentence chosen by exception type, SQL state or
/// error code, that says where to look. Driver and storage messages name hosts, ports, users and databases,
/// so they go to the log with the exception and never into the status.
/// </summary>
public static class CrewFailure
{
    public static string Describe(Exception exception, CrewDefinition crew)
    {
        var setting = crew.ConnectionSetting is { } name ? $"app setting {name}" : $"the crew's connection in {CrewCatalogReader.Setting}";
        return exception switch
        {
            AggregateException { InnerExceptions: [var first, ..] } => Describe(first, crew),
            SourceTableException { MissingColumns.Count: 0 } => MissingTable(crew, setting),
            SourceTableException table => $"The chat history table \"{crew.Table}\" has no {string.Join(", ", table.MissingColumns)} column; discovery reads n8n chat-history tables (id, session_id, message).",
            PostgresException postgres => Postgres(postgres.SqlState, crew, setting),
            NpgsqlException { InnerException: TimeoutException } => NoAnswer(setting),
            NpgsqlException => Unreachable(setting),
            SqliteException sqlite => Sqlite(sqlite.SqliteErrorCode, setting),
            OperationCanceledException => "The crew's run was stopped because a query or write took too long (queries stop at twice DISCOVERY_CREW_BUDGET_SECONDS); the next run goes on from the progress kept.",
            RequestFailedException => "Discovery's tables in Table Storage could not be read or written; the next run tries again.",
            _ => "Discovery of this crew failed unexpectedly; the details are in the app's log.",
        };
    }

    private static string Postgres(string sqlState, CrewDefinition crew, string setting) => sqlState switch
    {
        "3D000" => $"The database named in {setting} does not exist on the crew's PostgreSQL server.",
        "42P01" => MissingTable(crew, setting),
        "42501" => $"The crew's database user may not read the chat history table \"{crew.Table}\"; grant it SELECT on the table.",
        "57014" => NoAnswer(setting),
        "53300" or "57P01" or "57P02" or "57P03" => $"The crew's PostgreSQL server is not accepting connections now (SQLSTATE {sqlState}); the next run tries again.",
        _ when sqlState.StartsWith("28", StringComparison.Ordinal) => $"The crew's PostgreSQL database refused the login; check the user name and password in {setting}.",
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => Unreachable(setting),
        _ => $"The crew's PostgreSQL database refused a discovery query (SQLSTATE {sqlState}); the details are in the app's log.",
    };

    /// <summary>Primary result codes, as sqlite3.h numbers them.</summary>
    private static string Sqlite(int errorCode, string setting) => errorCode switch
    {
        5 or 6 => "The crew's SQLite database stayed locked by another writer; the next run tries again.",
        14 => $"The crew's SQLite database file could not be opened; check the path in {setting}.",
        26 => $"The crew's SQLite file is not a database; check the path in {setting}.",
        var code => $"The crew's SQLite database failed a discovery query (SQLite error {code}); the details are in the app's log.",
    };

    private static string MissingTable(CrewDefinition crew, string setting) =>
        $"The chat history table \"{crew.Table}\" does not exist in the crew's database; check the crew's table and {setting}.";

    private static string Unreachable(string setting) =>
        $"The crew's PostgreSQL database could not be reached; check that it is running, and the host and port in {setting}.";

    private static string NoAnswer(string setting) =>
        $"The crew's PostgreSQL database did not answer in time; check that it is running and not overloaded, and the host and port in {setting}.";
}
