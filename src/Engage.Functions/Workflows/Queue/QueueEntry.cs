using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Workflows.Queue;

/// <summary>
/// One active execution in table <c>WorkflowQueue</c>, twice: in its owner's partition and in the partition of
/// everyone's queue. RowKey = <c>{1000 - score × 10, four digits}|{execution id}</c>, so a partition lists highest
/// priority first and one page of the queue is one range read. It holds what a queue item shows, so no other read is needed.
/// </summary>
public sealed class QueueEntry : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ExecutionId { get; set; } = string.Empty;

    public string CustomerId { get; set; } = string.Empty;

    public string CustomerName { get; set; } = string.Empty;

    public string WorkflowId { get; set; } = string.Empty;

    public string WorkflowName { get; set; } = string.Empty;

    public string? CurrentStep { get; set; }

    public double PriorityScore { get; set; }

    public string? Owner { get; set; }

    public string? RenewalStage { get; set; }

    public string? AccountPlan { get; set; }

    public int? DaysUntilRenewal { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public static string RowKeyFor(double priorityScore, string executionId) =>
        $"{1000 - (int)Math.Round(priorityScore * 10, MidpointRounding.AwayFromZero):D4}|{executionId}";

    public JsonObject ToJson() => new()
    {
        ["id"] = ExecutionId,
        ["customerId"] = CustomerId,
        ["customerName"] = CustomerName,
        ["workflowId"] = WorkflowId,
        ["workflowName"] = WorkflowName,
        ["currentStep"] = CurrentStep,
        ["priorityScore"] = PriorityScore,
        ["owner"] = Owner,
        ["renewalStage"] = RenewalStage,
        ["accountPlan"] = AccountPlan,
        ["daysUntilRenewal"] = DaysUntilRenewal,
        ["escalated"] = EscalatedAt is not null,
        ["startedAt"] = StartedAt,
    };
}

/// <summary>Where an execution's queue entries are now, so a change can move them; PartitionKey <c>pointer</c>, RowKey = execution id.</summary>
public sealed class QueuePointer : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string EntryKey { get; set; } = string.Empty;

    public string? OwnerPartition { get; set; }
}
