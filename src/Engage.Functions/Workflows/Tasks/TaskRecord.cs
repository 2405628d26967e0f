using System.Text.Json.Nodes;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Tasks;

/// <summary>
/// A task of a customer, RowKey <c>task|{id}</c> in the customer's partition; it may be tied to an execution and one
/// of its steps. Its status is stored as the last change left it; <see cref="StatusAt"/> is what it is now, since a
/// snooze ends by itself when its time comes (docs/workflow-tasks-artifacts.md).
/// </summary>
public sealed class TaskRecord : CustomerRecord
{
    public const string Kind = "task";

    public override string RecordType => Kind;

    public override string Id => RowKey[(Kind.Length + 1)..];

    public string CustomerId => PartitionKey;

    public string? WorkflowExecutionId { get; set; }

    public string? StepId { get; set; }

    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>The user the task falls to, in lower case, as list filters compare it.</summary>
    public string Assignee { get; set; } = string.Empty;

    /// <summary><see cref="TaskStatuses"/>, as stored.</summary>
    public string Status { get; set; } = TaskStatuses.Open;

    /// <summary><see cref="TaskPriorities"/>.</summary>
    public string Priority { get; set; } = TaskPriorities.Normal;

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? SnoozedUntil { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static string RowKeyFor(string taskId) => Key(Kind, taskId);

    /// <summary>The status at <paramref name="now"/>: a snooze whose time has come is open again.</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == TaskStatuses.Snoozed && SnoozedUntil <= now ? TaskStatuses.Open : Status;

    public TaskRecord Copy() => (TaskRecord)MemberwiseClone();

    /// <summary>The task as stored, which is what its events record.</summary>
    public override JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["customerId"] = CustomerId,
        ["workflowExecutionId"] = WorkflowExecutionId,
        ["stepId"] = StepId,
        ["title"] = Title,
        ["description"] = Description,
        ["assignee"] = Assignee,
        ["status"] = Status,
        ["priority"] = Priority,
        ["dueAt"] = DueAt,
        ["snoozedUntil"] = SnoozedUntil,
        ["completedAt"] = CompletedAt,
        ["completedBy"] = CompletedBy,
        ["createdBy"] = CreatedBy,
        ["createdAt"] = CreatedAt,
        ["updatedAt"] = UpdatedAt,
        ["version"] = Version,
    };

    /// <summary>The task as the API answers it at <paramref name="now"/>.</summary>
    public JsonObject ToJson(DateTimeOffset now)
    {
        var json = ToJson();
        json["status"] = StatusAt(now);
        return json;
    }
}

/// <summary>
/// A task's status. <see cref="Snoozed"/> lasts until <see cref="TaskRecord.SnoozedUntil"/>, then the task reads as
/// <see cref="Open"/> again without any write.
/// </summary>
public static class TaskStatuses
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Snoozed = "snoozed";

    public static readonly IReadOnlyList<string> All = [Open, Completed, Snoozed];
}

public static class TaskPriorities
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";
    public const string Urgent = "urgent";

    public static readonly IReadOnlyList<string> All = [Low, Normal, High, Urgent];
}
