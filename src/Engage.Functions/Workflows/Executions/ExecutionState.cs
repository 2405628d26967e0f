using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// An execution as its orchestration holds it: the orchestration's input, changed only by
/// <see cref="ExecutionTransitions"/>, and written to the read model (<see cref="WorkflowExecution"/>) after every
/// change. Its steps are the definition's, copied when it started, so a later version of the workflow never
/// changes it.
/// </summary>
/// <param name="RecentCommandIds">The last commands taken in, so one sent twice (a retried request) acts once.</param>
public sealed record ExecutionState(
    string Id,
    string CustomerId,
    string WorkflowId,
    int WorkflowVersion,
    string WorkflowName,
    string Status,
    string? CurrentStepId,
    IReadOnlyList<ExecutionStep> Steps,
    string? Owner,
    DateTimeOffset? SnoozedUntil,
    DateTimeOffset? EscalatedAt,
    string? EscalationReason,
    IReadOnlyList<FollowUp> FollowUps,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    int Version,
    LastCommand? LastCommand,
    IReadOnlyList<string> RecentCommandIds)
{
    public const string ManualTrigger = "manual";
    public const string PlannerTrigger = "planner";

    /// <summary>A new execution of <paramref name="definition"/> for <paramref name="customer"/>: its first step active, version 1.</summary>
    public static ExecutionState Start(string executionId, Customer customer, WorkflowDefinition definition, string trigger, DateTimeOffset now)
    {
        var steps = definition.GetSteps()
            .Select(step => new ExecutionStep(step.Id, step.Type, step.Name, StepStatus.Pending, step.CompletesWithTask, step.Sla, Goal: step.Goal))
            .ToList();
        steps[0] = ExecutionTransitions.Activate(steps[0], now);
        return new ExecutionState(
            executionId, customer.Id, definition.Id, definition.Version, definition.Name, ExecutionStatus.Active, steps[0].Id, steps, customer.Owner,
            null, null, null, [], trigger, now, now, null, 1, null, []);
    }

    public static ExecutionState From(WorkflowExecution row) => new(
        row.Id, row.PartitionKey, row.WorkflowId, row.WorkflowVersion, row.WorkflowName, row.Status, row.CurrentStepId, row.GetSteps(), row.Owner,
        row.SnoozedUntil, row.EscalatedAt, row.EscalationReason, row.GetFollowUps(), row.Trigger, row.StartedAt, row.UpdatedAt, row.EndedAt, row.Version,
        row.LastCommandId is null ? null : new LastCommand(row.LastCommandId, row.LastCommandKind ?? string.Empty, row.LastCommandOutcome ?? string.Empty, row.LastCommandDetail),
        []);

    /// <summary>The read-model row of this state; <see cref="Records.CustomerRecords.SaveAsync"/> gives it its version.</summary>
    public WorkflowExecution ToRecord()
    {
        var row = new WorkflowExecution
        {
            PartitionKey = CustomerId,
            RowKey = WorkflowExecution.RowKeyFor(Id),
            WorkflowId = WorkflowId,
            WorkflowVersion = WorkflowVersion,
            WorkflowName = WorkflowName,
            Status = Status,
            CurrentStepId = CurrentStepId,
            Owner = Owner,
            SnoozedUntil = SnoozedUntil,
            EscalatedAt = EscalatedAt,
            EscalationReason = EscalationReason,
            Trigger = Trigger,
            StartedAt = StartedAt,
            UpdatedAt = UpdatedAt,
            EndedAt = EndedAt,
            Version = Version,
            LastCommandId = LastCommand?.Id,
            LastCommandKind = LastCommand?.Kind,
            LastCommandOutcome = LastCommand?.Outcome,
            LastCommandDetail = LastCommand?.Detail,
        };
        row.SetSteps(Steps);
        row.SetFollowUps(FollowUps);
        return row;
    }

    /// <summary>The step in hand, or null once the execution has ended.</summary>
    public ExecutionStep? CurrentStep() => Steps.FirstOrDefault(s => s.Id == CurrentStepId);
}

/// <summary>The last command an execution took in, and whether it was applied (<see cref="CommandOutcome"/>).</summary>
public sealed record LastCommand(string Id, string Kind, string Outcome, string? Detail);
