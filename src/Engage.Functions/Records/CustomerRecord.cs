using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Records;

/// <summary>
/// A record in a customer's partition of <see cref="CustomerRecords"/>: PartitionKey = customer id, RowKey =
/// <c>{kind}|{id}</c>. <see cref="Version"/> rises by one with each change, is the HTTP ETag, and orders the
/// record's events.
/// </summary>
public abstract class CustomerRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Version { get; set; }

    /// <summary>The kind of record, as events name it (<c>customer</c>, <c>execution</c>, <c>task</c>, ...).</summary>
    public abstract string RecordType { get; }

    /// <summary>The id callers know the record by.</summary>
    public abstract string Id { get; }

    /// <summary>The record as the API answers it, which is also what its events record before and after a change.</summary>
    public abstract JsonObject ToJson();

    public static string Key(string kind, string id) => $"{kind}|{id}";
}
