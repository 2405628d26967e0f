using Azure;

namespace Engage.Storage.Tables;

/// <summary>The system properties every table entity has, as in Azure.Data.Tables.</summary>
public interface ITableEntity
{
    string PartitionKey { get; set; }

    string RowKey { get; set; }

    /// <summary>Set by the service on every write; ignored when sent.</summary>
    DateTimeOffset? Timestamp { get; set; }

    ETag ETag { get; set; }
}
