namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// Every change an execution goes through, as pure functions of its state, what happened and the orchestration's
/// time, so the orchestrator stays deterministic and the decisions are tested without storage
/// (docs/workflow-executions.md).
/// </summary>
public static class ExecutionTransitions
{
    /// <summary>The actor of changes no person made: timers.</summary>
    public const string SystemActor = "system";

    /// <summary>How many command ids an execution remembers to act on a command sent twice only once.</summary>
    public const int RememberedCommands = 16;

    /// <summary>
    /// The turn <paramref name="command"/> causes: applied, or recorded as ignored when it cannot apply
    /// (<see cref="ExecutionRules"/>). Null for a command taken in before (same id): it changes nothing.
    /// </summary>
    public static ExecutionTurn? Apply(ExecutionState state, ExecutionCommand command, DateTimeOffset now)
    {
        if (state.RecentCommandIds.Contains(command.CommandId))
        {
            return null;
        }

        var remembered = state.RecentCommandIds.Append(command.CommandId).TakeLast(RememberedCommands).ToList();
        if (ExecutionRules.Check(state, command, now) is { } refusal)
        {
            var ignored = Next(state, now) with
            {
                LastCommand = new LastCommand(command.CommandId, command.Kind, CommandOutcome.Ignored, refusal.Detail),
                RecentCommandIds = remembered,
            };
            return new ExecutionTurn(ignored, "command_ignored", $"{command.Kind} ignored: {refusal.Detail}", command.Actor);
        }

        var (after, eventType) = command.Kind switch
        {
            ExecutionCommandKind.CompleteStep => EndStep(state, command, StepStatus.Completed, "step_completed", now),
            ExecutionCommandKind.SkipStep => EndStep(state, command, StepStatus.Skipped, "step_skipped", now),
            ExecutionCommandKind.Snooze => (Next(state, now) with { Status = ExecutionStatus.Snoozed, SnoozedUntil = command.Until }, "execution_snoozed"),
            ExecutionCommandKind.Escalate => (Escalate(Next(state, now), command.Reason, now), "execution_escalated"),
            ExecutionCommandKind.ScheduleFollowUp => (Next(state, now) with
            {
                FollowUps = [.. state.FollowUps.Append(new FollowUp(command.Until!.Value, command.Note, FollowUpStatus.Scheduled)).OrderBy(f => f.At)],
            }, "follow_up_scheduled"),
            ExecutionCommandKind.Complete => (Finish(state, ExecutionStatus.Completed, command.Actor, now), "execution_completed"),
            _ => (Finish(state, ExecutionStatus.Cancelled, command.Actor, now), "execution_cancelled"),
        };
        var applied = after with
        {
            LastCommand = new LastCommand(command.CommandId, command.Kind, CommandOutcome.Applied, null),
            RecentCommandIds = remembered,
        };
        return new ExecutionTurn(applied, eventType, command.Reason, command.Actor);
    }

    /// <summary>The timers an execution waits on as it stands: none once it has ended.</summary>
    public static IReadOnlyList<ExecutionTimer> Timers(ExecutionState state)
    {
        if (!ExecutionStatus.IsOpen(state.Status))
        {
            return [];
        }

        var timers = new List<ExecutionTimer>();
        if (state.CurrentStep() is { Status: StepStatus.Active, EscalatedAt: null, DueAt: { } dueAt })
        {
            timers.Add(new ExecutionTimer(ExecutionTimerKind.Sla, dueAt));
        }

        if (state is { Status: ExecutionStatus.Snoozed, SnoozedUntil: { } until })
        {
            timers.Add(new ExecutionTimer(ExecutionTimerKind.Wake, until));
        }

        if (state.FollowUps.Where(f => f.Status == FollowUpStatus.Scheduled).MinBy(f => f.At) is { } next)
        {
            timers.Add(new ExecutionTimer(ExecutionTimerKind.FollowUp, next.At));
        }

        return timers;
    }

    /// <summary>
    /// The turn a timer of <see cref="Timers"/> causes when it fires at <paramref name="now"/>; null when it fired
    /// before its time, which Azure Storage timers do by up to a second (a queue message's visibility delay is in
    /// whole seconds): the orchestration then waits on it again, so a snooze never ends early.
    /// </summary>
    public static ExecutionTurn? Fire(ExecutionState state, ExecutionTimer timer, DateTimeOffset now)
    {
        if (now < timer.At)
        {
            return null;
        }

        switch (timer.Kind)
        {
            case ExecutionTimerKind.Sla:
                var step = state.CurrentStep()!;
                var late = $"Step '{step.Name}' passed its SLA of {Definitions.IsoDuration.Format(step.Sla!.Value)} (due {step.DueAt:O}).";
                return new ExecutionTurn(Escalate(Next(state, now), late, now), "execution_escalated", late, SystemActor);
            case ExecutionTimerKind.Wake:
                var woke = Next(state, now) with { Status = ExecutionStatus.Active, SnoozedUntil = null };
                return new ExecutionTurn(woke, "execution_woke", $"The snooze until {state.SnoozedUntil:O} ended.", SystemActor);
            default:
                var due = state.FollowUps.Where(f => f.Status == FollowUpStatus.Scheduled && f.At <= now).ToList();
                var reason = "Follow-up due: " + string.Join("; ", due.Select(f => f.Note ?? $"at {f.At:O}"));
                var woken = Next(state, now) with
                {
                    Status = ExecutionStatus.Active,
                    SnoozedUntil = null,
                    FollowUps = [.. state.FollowUps.Select(f => due.Contains(f) ? f with { Status = FollowUpStatus.Due } : f)],
                };
                return new ExecutionTurn(Escalate(woken, reason, now), "follow_up_due", reason, SystemActor);
        }
    }

    /// <summary>A step made active at <paramref name="now"/>, due when its SLA runs out.</summary>
    public static ExecutionStep Activate(ExecutionStep step, DateTimeOffset now) =>
        step with { Status = StepStatus.Active, StartedAt = now, DueAt = step.Sla is { } sla ? now + sla : null };

    /// <summary>The state one version on, changed at <paramref name="now"/>.</summary>
    private static ExecutionState Next(ExecutionState state, DateTimeOffset now) => state with { Version = state.Version + 1, UpdatedAt = now };

    /// <summary>
    /// Ends the active step and makes the next pending one active, or completes the execution after the last. An
    /// escalation is about the step in hand, so it ends with the step.
    /// </summary>
    private static (ExecutionState, string) EndStep(ExecutionState state, ExecutionCommand command, string status, string eventType, DateTimeOffset now)
    {
        var id = command.StepId ?? state.CurrentStepId;
        var steps = state.Steps.Select(s => s.Id == id ? s with { Status = status, EndedAt = now, EndedBy = command.Actor, Note = command.Note ?? s.Note, Chat = command.Chat ?? s.Chat } : s).ToList();
        var next = steps.FindIndex(s => s.Status == StepStatus.Pending);
        if (next < 0)
        {
            return (Finish(state with { Steps = steps }, ExecutionStatus.Completed, command.Actor, now), "execution_completed");
        }

        steps[next] = Activate(steps[next], now);
        return (Next(state, now) with { Steps = steps, CurrentStepId = steps[next].Id, EscalatedAt = null, EscalationReason = null }, eventType);
    }

    /// <summary>
    /// Ends the execution: the active step completed (or skipped when cancelled), the pending ones skipped, the
    /// follow-ups still to come cancelled.
    /// </summary>
    private static ExecutionState Finish(ExecutionState state, string status, string actor, DateTimeOffset now) => Next(state, now) with
    {
        Status = status,
        CurrentStepId = null,
        SnoozedUntil = null,
        EscalatedAt = null,
        EscalationReason = null,
        EndedAt = now,
        Steps = [.. state.Steps.Select(s => s.Status switch
        {
            StepStatus.Active => s with { Status = status == ExecutionStatus.Completed ? StepStatus.Completed : StepStatus.Skipped, EndedAt = now, EndedBy = actor },
            StepStatus.Pending => s with { Status = StepStatus.Skipped, EndedAt = now, EndedBy = actor },
            _ => s,
        })],
        FollowUps = [.. state.FollowUps.Select(f => f.Status == FollowUpStatus.Scheduled ? f with { Status = FollowUpStatus.Cancelled } : f)],
    };

    /// <summary>Marks the execution and its step in hand escalated, keeping an escalation that is already there.</summary>
    private static ExecutionState Escalate(ExecutionState state, string reason, DateTimeOffset now) => state with
    {
        EscalatedAt = state.EscalatedAt ?? now,
        EscalationReason = state.EscalatedAt is null ? reason : state.EscalationReason,
        Steps = [.. state.Steps.Select(s => s.Id == state.CurrentStepId && s.EscalatedAt is null ? s with { EscalatedAt = now } : s)],
    };
}
