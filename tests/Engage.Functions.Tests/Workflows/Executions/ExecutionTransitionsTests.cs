using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Tests.Workflows.Executions;

/// <summary>The orchestrator's decisions, without storage or a task hub.</summary>
public sealed class ExecutionTransitionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_execution_has_its_first_step_active_and_due_when_its_sla_runs_out()
    {
        var state = NewState();

        Assert.Equal(1, state.Version);
        Assert.Equal(ExecutionStatus.Active, state.Status);
        Assert.Equal("first", state.CurrentStepId);
        Assert.Equal([StepStatus.Active, StepStatus.Pending, StepStatus.Pending], state.Steps.Select(s => s.Status));
        Assert.Equal(Start + TimeSpan.FromHours(1), state.Steps[0].DueAt);
        Assert.Equal([new ExecutionTimer(ExecutionTimerKind.Sla, Start + TimeSpan.FromHours(1))], ExecutionTransitions.Timers(state));
    }

    [Fact]
    public void Completing_the_active_step_activates_the_next_and_ends_the_steps_escalation()
    {
        var escalated = Apply(NewState(), Command(ExecutionCommandKind.Escalate)).After;

        var turn = Apply(escalated, Command(ExecutionCommandKind.CompleteStep, stepId: "first", note: "Done."), Start.AddMinutes(5));

        Assert.Equal("step_completed", turn.EventType);
        Assert.Equal(3, turn.After.Version);
        Assert.Equal("second", turn.After.CurrentStepId);
        Assert.Equal([StepStatus.Completed, StepStatus.Active, StepStatus.Pending], turn.After.Steps.Select(s => s.Status));
        Assert.Equal(("ana", "Done.", Start.AddMinutes(5)), (turn.After.Steps[0].EndedBy, turn.After.Steps[0].Note, turn.After.Steps[0].EndedAt!.Value));
        Assert.Null(turn.After.EscalatedAt);
        Assert.Null(turn.After.Steps[1].DueAt);
        Assert.Empty(ExecutionTransitions.Timers(turn.After));
    }

    [Fact]
    public void Ending_the_last_step_completes_the_execution()
    {
        var state = NewState();
        foreach (var step in new[] { "first", "second" })
        {
            state = Apply(state, Command(ExecutionCommandKind.CompleteStep, stepId: step)).After;
        }

        var turn = Apply(state, Command(ExecutionCommandKind.SkipStep));

        Assert.Equal("execution_completed", turn.EventType);
        Assert.Equal(ExecutionStatus.Completed, turn.After.Status);
        Assert.Null(turn.After.CurrentStepId);
        Assert.Equal(StepStatus.Skipped, turn.After.Steps[2].Status);
        Assert.NotNull(turn.After.EndedAt);
    }

    [Fact]
    public void A_command_that_cannot_apply_is_recorded_as_ignored_and_changes_nothing_else()
    {
        var state = NewState();

        var turn = Apply(state, Command(ExecutionCommandKind.CompleteStep, stepId: "third"));

        Assert.Equal("command_ignored", turn.EventType);
        Assert.Equal(state with { Version = 2, UpdatedAt = Start.AddMinutes(1), LastCommand = turn.After.LastCommand, RecentCommandIds = turn.After.RecentCommandIds }, turn.After);
        Assert.Equal(CommandOutcome.Ignored, turn.After.LastCommand!.Outcome);
        Assert.Contains("not active", turn.After.LastCommand.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_taken_in_before_changes_nothing()
    {
        var command = Command(ExecutionCommandKind.CompleteStep);
        var once = Apply(NewState(), command).After;

        Assert.Null(ExecutionTransitions.Apply(once, command, Start.AddMinutes(2)));
    }

    [Theory]
    [InlineData(-1, 422)]
    [InlineData(0, 422)]
    [InlineData(1, 0)]
    [InlineData(365 * 24 * 60, 0)]
    [InlineData((365 * 24 * 60) + 1, 422)]
    public void A_snooze_must_end_in_the_future_and_within_a_year(int minutesAhead, int refusal)
    {
        var now = Start.AddMinutes(1);

        var refused = ExecutionRules.Check(NewState(), Command(ExecutionCommandKind.Snooze, until: now.AddMinutes(minutesAhead)), now);

        Assert.Equal(refusal, refused?.Status ?? 0);
    }

    [Fact]
    public void A_finished_execution_refuses_every_command()
    {
        var cancelled = Apply(NewState(), Command(ExecutionCommandKind.Cancel)).After;

        Assert.All(
            new[] { ExecutionCommandKind.Complete, ExecutionCommandKind.Cancel, ExecutionCommandKind.Escalate, ExecutionCommandKind.CompleteStep },
            kind => Assert.Equal(409, ExecutionRules.Check(cancelled, Command(kind), Start.AddMinutes(2))!.Status));
        Assert.Empty(ExecutionTransitions.Timers(cancelled));
        Assert.All(cancelled.Steps, s => Assert.Equal(StepStatus.Skipped, s.Status));
    }

    [Fact]
    public void A_snooze_waits_on_its_end_and_its_timer_wakes_the_execution()
    {
        var until = Start.AddDays(2);
        var snoozed = Apply(NewState(), Command(ExecutionCommandKind.Snooze, until: until)).After;

        var wake = Assert.Single(ExecutionTransitions.Timers(snoozed), t => t.Kind == ExecutionTimerKind.Wake);
        var early = ExecutionTransitions.Fire(snoozed, wake, until.AddMilliseconds(-300));
        var woke = ExecutionTransitions.Fire(snoozed, wake, until.AddMilliseconds(20))!;

        Assert.Equal(ExecutionStatus.Snoozed, snoozed.Status);
        Assert.Equal(until, wake.At);
        Assert.Null(early);
        Assert.Equal("execution_woke", woke.EventType);
        Assert.Equal(ExecutionTransitions.SystemActor, woke.Actor);
        Assert.Equal(ExecutionStatus.Active, woke.After.Status);
        Assert.Null(woke.After.SnoozedUntil);
    }

    [Fact]
    public void A_missed_sla_escalates_the_step_once_and_keeps_a_snooze()
    {
        var snoozed = Apply(NewState(), Command(ExecutionCommandKind.Snooze, until: Start.AddDays(1))).After;
        var sla = Assert.Single(ExecutionTransitions.Timers(snoozed), t => t.Kind == ExecutionTimerKind.Sla);

        var turn = ExecutionTransitions.Fire(snoozed, sla, sla.At)!;

        Assert.Equal("execution_escalated", turn.EventType);
        Assert.Equal(sla.At, turn.After.EscalatedAt);
        Assert.Equal(sla.At, turn.After.Steps[0].EscalatedAt);
        Assert.Contains("PT1H", turn.After.EscalationReason, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Snoozed, turn.After.Status);
        Assert.DoesNotContain(ExecutionTransitions.Timers(turn.After), t => t.Kind == ExecutionTimerKind.Sla);
    }

    [Fact]
    public void A_follow_up_waits_on_the_earliest_and_its_time_wakes_and_escalates_the_execution()
    {
        var state = Apply(NewState(), Command(ExecutionCommandKind.Snooze, until: Start.AddDays(5))).After;
        state = Apply(state, Command(ExecutionCommandKind.ScheduleFollowUp, until: Start.AddDays(3), note: "Later")).After;
        state = Apply(state, Command(ExecutionCommandKind.ScheduleFollowUp, until: Start.AddDays(2), note: "Sooner")).After;

        var timer = Assert.Single(ExecutionTransitions.Timers(state), t => t.Kind == ExecutionTimerKind.FollowUp);
        var turn = ExecutionTransitions.Fire(state, timer, timer.At)!;

        Assert.Equal(Start.AddDays(2), timer.At);
        Assert.Equal("follow_up_due", turn.EventType);
        Assert.Equal([("Sooner", FollowUpStatus.Due), ("Later", FollowUpStatus.Scheduled)], turn.After.FollowUps.Select(f => (f.Note, f.Status)));
        Assert.Equal(ExecutionStatus.Active, turn.After.Status);
        Assert.Equal("Follow-up due: Sooner", turn.After.EscalationReason);
        Assert.Equal(Start.AddDays(3), ExecutionTransitions.Timers(turn.After).Single(t => t.Kind == ExecutionTimerKind.FollowUp).At);
    }

    [Fact]
    public void Completing_the_execution_completes_the_active_step_skips_the_rest_and_cancels_follow_ups()
    {
        var state = Apply(NewState(), Command(ExecutionCommandKind.ScheduleFollowUp, until: Start.AddDays(3))).After;

        var turn = Apply(state, Command(ExecutionCommandKind.Complete));

        Assert.Equal("execution_completed", turn.EventType);
        Assert.Equal([StepStatus.Completed, StepStatus.Skipped, StepStatus.Skipped], turn.After.Steps.Select(s => s.Status));
        Assert.Equal(FollowUpStatus.Cancelled, turn.After.FollowUps.Single().Status);
    }

    [Fact]
    public void The_state_survives_the_read_model_row_unchanged()
    {
        var state = Apply(Apply(NewState(), Command(ExecutionCommandKind.Escalate)).After, Command(ExecutionCommandKind.ScheduleFollowUp, until: Start.AddDays(1), note: "n")).After;

        var row = ExecutionState.From(state.ToRecord());

        Assert.Equal(state with { RecentCommandIds = [] }, row with { Steps = state.Steps, FollowUps = state.FollowUps });
        Assert.Equal(state.Steps, row.Steps);
        Assert.Equal(state.FollowUps, row.FollowUps);
    }

    private static ExecutionState NewState()
    {
        var customerId = RecordId.NewCustomer();
        var customer = new Customer { PartitionKey = customerId, RowKey = Customer.RowKeyFor(customerId), Owner = "ana" };
        var definition = WorkflowDefinition.Create(
            "test", 1, "Test", null, new WorkflowTrigger(WorkflowTrigger.Manual),
            [new("first", StepTypes.Task, "First", null, TimeSpan.FromHours(1), true), new("second", StepTypes.Chat, "Second", null, null, false), new("third", StepTypes.Review, "Third", null, null, false)],
            "admin", Start);
        return ExecutionState.Start(RecordId.NewChild(RecordId.Execution, customerId, Start), customer, definition, ExecutionState.ManualTrigger, Start);
    }

    private static ExecutionTurn Apply(ExecutionState state, ExecutionCommand command, DateTimeOffset? at = null) =>
        ExecutionTransitions.Apply(state, command, at ?? Start.AddMinutes(1))!;

    private static ExecutionCommand Command(string kind, string? stepId = null, DateTimeOffset? until = null, string? note = null) =>
        new(kind, Guid.NewGuid().ToString(), "ana", "Because.", stepId, until, note);
}
