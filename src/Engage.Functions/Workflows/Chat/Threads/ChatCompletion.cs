using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Identity;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Queue;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// <c>POST .../threads/{id}/complete</c> (docs/workflow-chat-complete.md): the thread <c>completed</c>
/// (<c>thread_completed</c>), then its step completed through the same command as
/// <c>POST /api/workflows/executions/{id}/steps/{stepId}/complete</c>, carrying the chat's totals, and the answer says
/// where to go next: the execution's next active step, else the next execution in the caller's queue.
/// </summary>
public sealed class ChatCompletion(
    ChatThreadAccess threads, ChatThreadStore store, ChatThreads chats, ExecutionCommands sender, WorkflowQueue queue, TimeProvider timeProvider)
{
    public async Task<IResult> CompleteAsync(Caller caller, string threadId, int? version, DurableTaskClient durable, string? traceId, CancellationToken cancellationToken)
    {
        var (visible, problem) = await threads.FindAsync(caller, threadId, cancellationToken);
        if (visible is null)
        {
            return problem!;
        }

        var thread = visible.Thread;

        // Completing a completed thread answers as the first complete did, and sends the step's command again if it
        // never reached the execution (the first request died in between).
        if (thread.State.Status != ChatStatus.Completed)
        {
            var state = thread.State;
            if (ChatProblems.StaleVersion(version, state) is { } stale)
            {
                return stale;
            }

            if (state.Status == ChatStatus.Replying)
            {
                return ChatProblems.Conflict($"The assistant is still answering {state.ReplyingTo}; complete the thread once its reply is stored.", state.Version);
            }

            try
            {
                thread = await store.CommitAsync(
                    thread,
                    [new ChatEvent(ChatEventTypes.ThreadCompleted, timeProvider.GetUtcNow(), caller.UserId, $"Completed by {caller.UserId}; step {state.StepId} completes with it.", traceId)],
                    [],
                    cancellationToken);
            }
            catch (ChatStateConflictException)
            {
                return await chats.ConflictAsync(threadId, null, cancellationToken);
            }
        }

        var completed = thread.State;
        var chat = new StepChat(
            completed.Id,
            completed.MessageCount,
            completed.PromptTokens,
            completed.CompletionTokens,
            Math.Round(((completed.CompletedAt ?? completed.LastActivityAt) - completed.CreatedAt).TotalSeconds, 3));
        var command = new ExecutionCommand(
            ExecutionCommandKind.CompleteStep,
            $"{completed.Id}.complete",
            caller.UserId,
            $"Step {completed.StepId} completed through its chat thread {completed.Id}.",
            completed.StepId,
            Chat: chat);
        var execution = visible.Execution;
        var pending = false;

        // A step that is no longer active (completed or skipped another way, or the execution ended) is left as it is:
        // the thread still completes.
        if (ExecutionRules.Check(ExecutionState.From(execution), command, timeProvider.GetUtcNow()) is null)
        {
            (execution, var applied) = await sender.SendAsync(durable, execution, command, cancellationToken);
            pending = !applied && execution.LastCommandId != command.CommandId;
        }

        var body = new JsonObject
        {
            ["thread"] = completed.ToJson(),
            ["workflowExecution"] = ExecutionJson.ToJson(execution, visible.Customer, DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime)),
            ["next"] = await NextAsync(caller, execution, cancellationToken),
        };
        return pending
            ? new CommandAnswer(StatusCodes.Status202Accepted, body, new Dictionary<string, string> { ["Location"] = $"/api/workflows/executions/{execution.Id}" })
            : CommandAnswer.Ok(body);
    }

    /// <summary>
    /// Where the caller goes next: the execution's active step while it is open, else the first execution of the
    /// caller's queue (everyone's for an admin, as <c>GET /api/workflows/queue</c> answers them) other than this one.
    /// </summary>
    private async Task<JsonObject> NextAsync(Caller caller, WorkflowExecution execution, CancellationToken cancellationToken)
    {
        if (ExecutionStatus.IsOpen(execution.Status) && execution.CurrentStepId is { } stepId)
        {
            return new JsonObject { ["kind"] = "step", ["workflowExecutionId"] = execution.Id, ["stepId"] = stepId };
        }

        var (entries, _) = await queue.PageAsync(caller.IsAdmin ? null : caller.UserId, 2, null, cancellationToken);
        return entries.FirstOrDefault(e => e.ExecutionId != execution.Id) is { } entry
            ? new JsonObject { ["kind"] = "execution", ["workflowExecutionId"] = entry.ExecutionId, ["customerId"] = entry.CustomerId }
            : new JsonObject { ["kind"] = "none" };
    }
}
