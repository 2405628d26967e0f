namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// The crew's table is missing, or lacks a column n8n writes. Raised by Engage itself, so the status can say
/// which without quoting a driver's message.
/// </summary>
public sealed class SourceTableException(string table, IReadOnlyList<string> missingColumns)
    : Exception(missingColumns.Count == 0
        ? $"table {table} does not exist"
        : $"table {table} has no {string.Join(", ", missingColumns)} column; an n8n chat-history table has id, session_id and message")
{
    /// <summary>Empty when the table itself is missing.</summary>
    public IReadOnlyList<string> MissingColumns { get; } = missingColumns;
}
