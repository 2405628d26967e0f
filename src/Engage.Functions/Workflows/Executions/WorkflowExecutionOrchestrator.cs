using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// One workflow execution (instance id = execution id), from its start until it completes or is cancelled. It waits
/// for a <see cref="ExecutionCommand"/> (external event <see cref="ExecutionCommands.EventName"/>) or one of its
/// timers (<see cref="ExecutionTransitions.Timers"/>: the step's SLA, the snooze's end, the next follow-up), applies
/// what came with <see cref="ExecutionTransitions"/>, and writes the change through
/// <see cref="ExecutionActivities.RecordChange"/>. Nothing else: no settings, no clock but the orchestration's, no I/O.
/// </summary>
/// <remarks>
/// History stays bounded: a generation ends with <c>ContinueAsNew</c> as soon as it has taken in one command, and
/// before that only timers can fire, each at most once per state (docs/workflow-executions.md). A generation waits
/// for its command with ONE <c>WaitForExternalEvent</c> for its whole life: a waiter left behind when a timer wins
/// would swallow the next command, so the same waiter is awaited again after every timer, and a command that comes
/// while a change is written lands in it. Commands that come after the generation's command are kept by the engine
/// and handed to the next generation (<c>preserveUnprocessedEvents</c>).
/// </remarks>
public static class WorkflowExecutionOrchestrator
{
    public const string Name = "WorkflowExecution";

    /// <summary>
    /// Storage hiccups, with room for a storage restart: six attempts over about a minute. An execution whose write
    /// still fails stops as failed, its read model as last written.
    /// </summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    [Function(Name)]
    public static async Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var state = context.GetInput<ExecutionState>();
        if (state is null || state.Id != context.InstanceId)
        {
            throw new InvalidOperationException($"Orchestration {context.InstanceId} was started without the state of that execution.");
        }

        var command = context.WaitForExternalEvent<ExecutionCommand>(ExecutionCommands.EventName);
        while (ExecutionStatus.IsOpen(state.Status))
        {
            var due = ExecutionTransitions.Timers(state);
            Task first;
            using (var cancelTimers = new CancellationTokenSource())
            {
                var timers = due.Select(t => context.CreateTimer(t.At.UtcDateTime, cancelTimers.Token)).ToList();
                first = await Task.WhenAny([command, .. timers]);

                // Synchronously: an orchestrator may only await durable tasks.
                cancelTimers.Cancel();
                var now = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
                var turn = first != command ? ExecutionTransitions.Fire(state, due[timers.IndexOf(first)], now)
                    : IsCommand(command.Result) ? ExecutionTransitions.Apply(state, command.Result, now)
                    : null;
                if (turn is not null)
                {
                    if (!await context.CallActivityAsync<bool>(ExecutionActivities.RecordChange, turn, Retry))
                    {
                        // The read model is gone (its customer was deleted): nothing is left to run.
                        return;
                    }

                    state = turn.After;
                }
            }

            if (first == command)
            {
                if (ExecutionStatus.IsOpen(state.Status))
                {
                    context.ContinueAsNew(state, preserveUnprocessedEvents: true);
                }

                return;
            }
        }
    }

    /// <summary>
    /// Whether an event carries a command at all: anyone with the task hub's management API can raise <c>command</c>
    /// with any payload, and one without a kind or an id is dropped rather than allowed to fail the execution.
    /// </summary>
    private static bool IsCommand(ExecutionCommand? command) => command is { Kind: not null, CommandId: not null, Actor: not null, Reason: not null };
}
