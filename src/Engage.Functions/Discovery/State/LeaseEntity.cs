using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.State;

/// <summary>Who runs discovery until when: PartitionKey "lease", RowKey "runner".</summary>
public sealed class LeaseEntity : ITableEntity
{
    public const string Partition = "lease";
    public const string Row = "runner";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Owner { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}
