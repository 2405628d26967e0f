namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// Whether a command can apply to an execution as it stands. The HTTP side asks before it sends a command, to refuse
/// it with the status here; the orchestration asks again when the command arrives, since the execution may have
/// moved on in between, and then records it as ignored.
/// </summary>
public static class ExecutionRules
{
    /// <summary>How far ahead a snooze or a follow-up may be set.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(365);

    public const int MaxScheduledFollowUps = 20;

    /// <summary>Null when <paramref name="command"/> can apply to <paramref name="state"/> at <paramref name="now"/>; otherwise why not.</summary>
    public static CommandRefusal? Check(ExecutionState state, ExecutionCommand command, DateTimeOffset now)
    {
        if (!ExecutionStatus.IsOpen(state.Status))
        {
            return new(StatusCodes.Status409Conflict, $"Execution {state.Id} is {state.Status}; it takes no more commands.");
        }

        return command.Kind switch
        {
            ExecutionCommandKind.CompleteStep or ExecutionCommandKind.SkipStep => CheckStep(state, command.StepId),
            ExecutionCommandKind.Snooze => CheckTime(command.Until, now, "The snooze's end (until)"),
            ExecutionCommandKind.ScheduleFollowUp => state.FollowUps.Count(f => f.Status == FollowUpStatus.Scheduled) >= MaxScheduledFollowUps
                ? new(StatusCodes.Status409Conflict, $"Execution {state.Id} has {MaxScheduledFollowUps} follow-ups scheduled already, the most it may have.")
                : CheckTime(command.Until, now, "The follow-up's time"),
            ExecutionCommandKind.Escalate => state.EscalatedAt is { } escalatedAt
                ? new(StatusCodes.Status409Conflict, $"Execution {state.Id} is escalated already (since {escalatedAt:O}: {state.EscalationReason}).")
                : null,
            ExecutionCommandKind.Complete or ExecutionCommandKind.Cancel => null,
            _ => new(StatusCodes.Status422UnprocessableEntity, $"'{command.Kind}' is not a command an execution takes."),
        };
    }

    private static CommandRefusal? CheckStep(ExecutionState state, string? stepId)
    {
        var id = stepId ?? state.CurrentStepId;
        var step = state.Steps.FirstOrDefault(s => s.Id == id);
        return step is null ? new(StatusCodes.Status404NotFound, $"Execution {state.Id} has no step '{id}'.")
            : step.Status != StepStatus.Active ? new(StatusCodes.Status409Conflict, $"Step '{step.Id}' of execution {state.Id} is {step.Status}, not active; only the active step ('{state.CurrentStepId}') can be completed or skipped.")
            : null;
    }

    private static CommandRefusal? CheckTime(DateTimeOffset? time, DateTimeOffset now, string what) =>
        time is not { } at ? new(StatusCodes.Status422UnprocessableEntity, $"{what} is missing.")
        : at <= now ? new(StatusCodes.Status422UnprocessableEntity, $"{what} ({at:O}) is not in the future (it is {now:O} now).")
        : at > now + MaxAhead ? new(StatusCodes.Status422UnprocessableEntity, $"{what} ({at:O}) is more than {MaxAhead.TotalDays} days ahead.")
        : null;
}

/// <summary>Why a command cannot apply, with the HTTP status that says so (404, 409, 422).</summary>
public sealed record CommandRefusal(int Status, string Detail);
