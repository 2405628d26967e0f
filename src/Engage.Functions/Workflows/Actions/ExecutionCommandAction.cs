using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Actions;

/// <summary>
/// An action whose effect is a command to the execution's orchestration (snooze, skip, escalate, schedule). The
/// command's id is the action run's, so a retried run sends the same command; the answer shows the execution once the
/// orchestration has applied it, or as it stands when <see cref="ExecutionCommandOptions.EffectWait"/> ran out
/// (<c>applied: false</c>; the orchestration applies it when it gets to it).
/// </summary>
public abstract class ExecutionCommandAction(ExecutionCommands commands) : SavedAction
{
    /// <summary>How far ahead a snooze or a follow-up may be.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    protected ActionEffect Send(string kind, string reason, string? stepId = null, DateTimeOffset? until = null, string? note = null) =>
        async (context, cancellationToken) =>
        {
            var command = new ExecutionCommand(kind, context.ActionRunId, context.Actor, reason, stepId, until, note);
            var (execution, applied) = await commands.SendAsync(context.Durable, context.Execution, command, cancellationToken);
            return ActionOutcome.Done(new JsonObject { ["command"] = kind, ["commandId"] = command.CommandId, ["applied"] = applied }, execution);
        };

    /// <summary>A time param that must lie ahead of <paramref name="now"/>, within <see cref="MaxAhead"/>.</summary>
    protected static DateTimeOffset? FutureTime(JsonFields parameters, string name, DateTimeOffset now)
    {
        var time = parameters.Time(name, required: true);
        if (time <= now)
        {
            parameters.Refuse(name, $"must be in the future (it is now {now:O}).");
        }
        else if (time > now + MaxAhead)
        {
            parameters.Refuse(name, $"must be within {MaxAhead.TotalDays:N0} days from now.");
        }

        return time;
    }
}
