namespace Engage.Functions.Workflows.Executions;

/// <summary>A durable timer an open execution waits on, and what it is for.</summary>
public sealed record ExecutionTimer(ExecutionTimerKind Kind, DateTimeOffset At);

public enum ExecutionTimerKind
{
    /// <summary>The active step's SLA runs out: it escalates.</summary>
    Sla,

    /// <summary>The snooze ends: the execution is active again.</summary>
    Wake,

    /// <summary>The earliest scheduled follow-up falls due.</summary>
    FollowUp,
}
