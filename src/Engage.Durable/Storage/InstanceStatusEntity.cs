using Azure;
using Engage.Storage.Tables;

namespace Engage.Durable.Storage;

/// <summary>
/// The status row of an instance (RowKey ""), in the same partition as its history. It is the
/// commit point: written last with If-Match, it says how many history rows are committed, so
/// rows a crashed episode left beyond that count are never read.
/// </summary>
internal sealed class InstanceStatusEntity : ITableEntity
{
    public const string StatusRowKey = "";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = StatusRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string RuntimeStatus { get; set; } = nameof(Orchestration.OrchestrationRuntimeStatus.Pending);

    public string ExecutionId { get; set; } = string.Empty;

    /// <summary>Counts executions (ContinueAsNew, reuse of the id); history rows are keyed by it.</summary>
    public int Generation { get; set; }

    public int HistoryLength { get; set; }

    /// <summary>Where the last episode's new events start: the messages they imply may still be unsent.</summary>
    public int OutboxFrom { get; set; }

    public string? Input { get; set; }

    public string? InputRef { get; set; }

    public string? Output { get; set; }

    public string? OutputRef { get; set; }

    public string? CustomStatus { get; set; }

    /// <summary>JSON of the TaskFailureDetails when the instance failed.</summary>
    public string? Failure { get; set; }

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset LastUpdatedTime { get; set; }

    public InstanceStatusEntity Clone() => (InstanceStatusEntity)MemberwiseClone();
}
