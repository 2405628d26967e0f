using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.State;

/// <summary>The last discovery run over all crews: PartitionKey "run", RowKey "last".</summary>
public sealed class DiscoveryRunEntity : ITableEntity
{
    public const string Partition = "run";
    public const string Row = "last";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public double DurationMs { get; set; }

    public string Trigger { get; set; } = string.Empty;

    public int Crews { get; set; }

    public int FailedCrews { get; set; }
}
