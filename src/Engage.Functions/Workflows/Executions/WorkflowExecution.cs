using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Definitions;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// The read model of one workflow execution, RowKey <c>execution|{id}</c> in its customer's partition. The execution's
/// orchestration (instance id = execution id) is the source of truth and writes this row, with an event, through its
/// activities; lists, the queue and the context read only this row, never the orchestration.
/// </summary>
public sealed class WorkflowExecution : CustomerRecord
{
    public const string Kind = "execution";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override string RecordType => Kind;

    public override string Id => RowKey[(Kind.Length + 1)..];

    public string WorkflowId { get; set; } = string.Empty;

    public int WorkflowVersion { get; set; }

    public string WorkflowName { get; set; } = string.Empty;

    /// <summary><see cref="ExecutionStatus"/>.</summary>
    public string Status { get; set; } = ExecutionStatus.Active;

    public string? CurrentStepId { get; set; }

    /// <summary>The steps as JSON (<see cref="ExecutionStep"/>[]); use <see cref="GetSteps"/> and <see cref="SetSteps"/>.</summary>
    public string StepsJson { get; set; } = "[]";

    /// <summary>The user the execution's work falls to: the customer's owner when it started.</summary>
    public string? Owner { get; set; }

    public DateTimeOffset? SnoozedUntil { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public string? EscalationReason { get; set; }

    /// <summary>Scheduled follow-ups as JSON (<see cref="FollowUp"/>[]).</summary>
    public string FollowUpsJson { get; set; } = "[]";

    /// <summary><c>manual</c> or <c>planner</c>.</summary>
    public string Trigger { get; set; } = "manual";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The last command the orchestration took in (<see cref="ExecutionCommand.CommandId"/>), so its sender can tell it was processed.</summary>
    public string? LastCommandId { get; set; }

    public string? LastCommandKind { get; set; }

    /// <summary><see cref="CommandOutcome"/>: whether the last command was applied or ignored.</summary>
    public string? LastCommandOutcome { get; set; }

    /// <summary>Why the last command was ignored; null when it was applied.</summary>
    public string? LastCommandDetail { get; set; }

    public static string RowKeyFor(string executionId) => Key(Kind, executionId);

    public IReadOnlyList<ExecutionStep> GetSteps() => JsonSerializer.Deserialize<List<ExecutionStep>>(StepsJson, Json) ?? [];

    public void SetSteps(IEnumerable<ExecutionStep> steps) => StepsJson = JsonSerializer.Serialize(steps, Json);

    public IReadOnlyList<FollowUp> GetFollowUps() => JsonSerializer.Deserialize<List<FollowUp>>(FollowUpsJson, Json) ?? [];

    public void SetFollowUps(IEnumerable<FollowUp> followUps) => FollowUpsJson = JsonSerializer.Serialize(followUps, Json);

    public override JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["customerId"] = PartitionKey,
        ["workflowId"] = WorkflowId,
        ["workflowVersion"] = WorkflowVersion,
        ["workflowName"] = WorkflowName,
        ["status"] = Status,
        ["currentStep"] = CurrentStepId,
        ["steps"] = JsonSerializer.SerializeToNode(GetSteps(), Json),
        ["owner"] = Owner,
        ["snoozedUntil"] = SnoozedUntil,
        ["escalatedAt"] = EscalatedAt,
        ["escalationReason"] = EscalationReason,
        ["followUps"] = JsonSerializer.SerializeToNode(GetFollowUps(), Json),
        ["trigger"] = Trigger,
        ["version"] = Version,
        ["startedAt"] = StartedAt,
        ["updatedAt"] = UpdatedAt,
        ["endedAt"] = EndedAt,
        ["lastCommand"] = LastCommandId is null ? null : new JsonObject
        {
            ["id"] = LastCommandId,
            ["kind"] = LastCommandKind,
            ["outcome"] = LastCommandOutcome,
            ["detail"] = LastCommandDetail,
        },
    };
}

public static class ExecutionStatus
{
    public const string Active = "active";
    public const string Snoozed = "snoozed";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static bool IsOpen(string status) => status is Active or Snoozed;
}

public static class StepStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Skipped = "skipped";
}

public static class FollowUpStatus
{
    public const string Scheduled = "scheduled";

    /// <summary>Its time came while the execution was open: it woke and escalated the execution.</summary>
    public const string Due = "due";

    /// <summary>The execution ended before its time.</summary>
    public const string Cancelled = "cancelled";
}

public static class CommandOutcome
{
    public const string Applied = "applied";
    public const string Ignored = "ignored";
}

/// <summary>One step of an execution: its definition's id, type (chat, task, review, action) and name, and how it went.</summary>
/// <param name="CompletesWithTask">A task tied to this step completes the step when the task is completed.</param>
/// <param name="Sla">How long the step may stay active before it escalates by itself; null for never.</param>
/// <param name="Chat">The totals of the chat thread the step was completed through, if it was.</param>
public sealed record ExecutionStep(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("completesWithTask")] bool CompletesWithTask,
    [property: JsonPropertyName("sla"), JsonConverter(typeof(IsoDurationJsonConverter))] TimeSpan? Sla,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt = null,
    [property: JsonPropertyName("dueAt")] DateTimeOffset? DueAt = null,
    [property: JsonPropertyName("escalatedAt")] DateTimeOffset? EscalatedAt = null,
    [property: JsonPropertyName("endedAt")] DateTimeOffset? EndedAt = null,
    [property: JsonPropertyName("endedBy")] string? EndedBy = null,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("goal")] string? Goal = null,
    [property: JsonPropertyName("chat")] StepChat? Chat = null);

/// <summary>A follow-up scheduled on an execution; its time (<c>at</c>) brings it back to the top of the owner's attention.</summary>
public sealed record FollowUp(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("status")] string Status);
