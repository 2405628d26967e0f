using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>What a create asks for.</summary>
public sealed record ChatThreadDraft(string WorkflowExecutionId, string StepId, string? Title)
{
    public static readonly string[] Fields = ["workflowExecutionId", "stepId", "title"];

    public const int MaxTitleLength = 200;

    public static ChatThreadDraft? Read(JsonFields fields)
    {
        fields.OnlyKnown(Fields);
        var execution = fields.Text("workflowExecutionId", 64, required: true);
        var step = fields.Text("stepId", 100, required: true);
        var title = fields.Text("title", MaxTitleLength);
        return fields.IsValid ? new ChatThreadDraft(execution!, step!, title) : null;
    }
}

/// <summary>
/// The thread routes other than the send and the complete: get or create a step's thread, read it, its messages by
/// branch, its branches and its events, and reopen it once the idle timer closed it (docs/workflow-chat.md).
/// </summary>
public sealed class ChatThreads(ChatThreadStore store, ChatThreadAccess threads, ExecutionAccess executions, TimeProvider timeProvider)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>201 with the new thread of the step, or 200 with the one it has: a step has one thread.</summary>
    public async Task<IResult> CreateAsync(Caller caller, ChatThreadDraft draft, string? traceId, CancellationToken cancellationToken)
    {
        var (execution, _, problem) = await executions.FindAsync(caller, draft.WorkflowExecutionId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var steps = execution.GetSteps();
        if (steps.FirstOrDefault(s => s.Id == draft.StepId) is not { } step)
        {
            return Problems.Unprocessable($"Execution {execution.Id} has no step '{draft.StepId}'; its steps are {string.Join(", ", steps.Select(s => s.Id))}.");
        }

        var id = ChatThreadAccess.ThreadIdFor(execution.PartitionKey, execution.Id, step.Id);
        var created = new ChatEvent(
            ChatEventTypes.ThreadCreated,
            timeProvider.GetUtcNow(),
            caller.UserId,
            $"Chat opened on step '{step.Name}'.",
            traceId,
            new JsonObject
            {
                ["threadId"] = id,
                ["customerId"] = execution.PartitionKey,
                ["workflowExecutionId"] = execution.Id,
                ["stepId"] = step.Id,
                ["title"] = draft.Title ?? step.Name,
            });
        var (thread, isNew) = await store.CreateAsync(created, cancellationToken);
        var json = thread.State.ToJson();
        return isNew ? CommandAnswer.Created(json, ChatThreadAccess.RoutePrefix + id) : CommandAnswer.Ok(json);
    }

    public async Task<IResult> GetAsync(Caller caller, string threadId, CancellationToken cancellationToken)
    {
        var (visible, problem) = await threads.FindAsync(caller, threadId, cancellationToken);
        return visible is null ? problem! : TypedResults.Json(visible.Thread.State.ToJson());
    }

    /// <summary>A page of a branch's lineage, oldest first: the current branch's when <c>branch</c> is left out.</summary>
    public async Task<IResult> MessagesAsync(HttpRequest request, Caller caller, string threadId, CancellationToken cancellationToken)
    {
        var (visible, problem) = await threads.FindAsync(caller, threadId, cancellationToken);
        if (visible is null)
        {
            return problem!;
        }

        var branches = await store.BranchesAsync(threadId, cancellationToken);
        var branch = QueryParameters.Text(request, "branch") ?? visible.Thread.State.CurrentBranchId;
        if (!branches.ContainsKey(branch))
        {
            return Problems.NotFound($"Thread {threadId} has no branch '{branch}'; GET its branches for theirs.");
        }

        if (!TryReadPage(request, "messages", branch, out var limit, out var after, out problem))
        {
            return problem!;
        }

        var lineage = new ChatLineage(branches, branch);
        var items = new List<ChatMessageRow>(limit + 1);
        await foreach (var message in store.MessagesAsync(threadId, after, cancellationToken))
        {
            if (lineage.Contains(message))
            {
                items.Add(message);
                if (items.Count > limit)
                {
                    break;
                }
            }
        }

        return Page(items, limit, "messages", branch, m => m.Seq, m => m.ToJson());
    }

    public async Task<IResult> EventsAsync(HttpRequest request, Caller caller, string threadId, CancellationToken cancellationToken)
    {
        var (visible, problem) = await threads.FindAsync(caller, threadId, cancellationToken);
        if (visible is null)
        {
            return problem!;
        }

        if (!TryReadPage(request, "events", null, out var limit, out var after, out problem))
        {
            return problem!;
        }

        var items = new List<ChatEventRow>(limit + 1);
        await foreach (var e in store.EventsAsync(threadId, after, limit + 1, cancellationToken))
        {
            items.Add(e);
            if (items.Count > limit)
            {
                break;
            }
        }

        return Page(items, limit, "events", null, e => e.Seq, e => e.ToJson());
    }

    public async Task<IResult> BranchesAsync(Caller caller, string threadId, CancellationToken cancellationToken)
    {
        var (visible, problem) = await threads.FindAsync(caller, threadId, cancellationToken);
        if (visible is null)
        {
            return problem!;
        }

        var branches = await store.BranchesAsync(threadId, cancellationToken);
        var ordered = branches.Values.OrderBy(b => b.Id == Chat.Threads.ChatSessionState.MainBranch ? 0 : 1).ThenBy(b => b.Id, StringComparer.Ordinal);
        return TypedResults.Json(new JsonObject { ["items"] = new JsonArray([.. ordered.Select(b => b.ToJson())]), ["continuation"] = null });
    }

    /// <summary>A closed thread open again (<c>thread_reopened</c>); 409 for any other.</summary>
    public async Task<IResult> ReopenAsync(Caller caller, string threadId, int? version, string? traceId, CancellationToken cancellationToken)
    {
        var (visible, problem) = await threads.FindAsync(caller, threadId, cancellationToken);
        if (visible is null)
        {
            return problem!;
        }

        var state = visible.Thread.State;
        if (ChatProblems.StaleVersion(version, state) is { } stale)
        {
            return stale;
        }

        if (state.Status != ChatStatus.Closed)
        {
            return ChatProblems.Conflict($"Thread {threadId} is {state.Status}, not closed; only a thread the idle timer closed is reopened.", state.Version);
        }

        try
        {
            var reopened = await store.CommitAsync(
                visible.Thread,
                [new ChatEvent(ChatEventTypes.ThreadReopened, timeProvider.GetUtcNow(), caller.UserId, $"Reopened by {caller.UserId}.", traceId)],
                [],
                cancellationToken);
            return CommandAnswer.Ok(reopened.State.ToJson());
        }
        catch (ChatStateConflictException)
        {
            return await ConflictAsync(threadId, null, cancellationToken);
        }
    }

    /// <summary>The 409 for a write that lost to a concurrent change, with the version that change left.</summary>
    public async Task<IResult> ConflictAsync(string threadId, string? detail, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(threadId, cancellationToken);
        return ChatProblems.Conflict(detail ?? $"Thread {threadId} changed while this request was writing; read it again and retry.", current?.State.Version ?? 0);
    }

    private static bool TryReadPage(HttpRequest request, string list, string? branch, out int limit, out int after, out IResult? problem)
    {
        after = 0;
        problem = null;
        if (!QueryParameters.TryReadWholeNumber(request, "limit", DefaultLimit, 1, MaxLimit, out limit, out var badLimit))
        {
            problem = badLimit;
            return false;
        }

        if (QueryParameters.Text(request, "continuation") is { } token)
        {
            if (!ChatListPosition.TryDecode(token, list, branch, out var position, out var error))
            {
                problem = Problems.Validation(error);
                return false;
            }

            after = position.After;
        }

        return true;
    }

    /// <summary><c>{items, continuation}</c> of up to <paramref name="limit"/> of <paramref name="read"/> (one more says another page follows).</summary>
    private static IResult Page<T>(List<T> read, int limit, string list, string? branch, Func<T, int> seq, Func<T, JsonNode> json)
    {
        var more = read.Count > limit;
        var items = more ? read[..limit] : read;
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. items.Select(json)]),
            ["continuation"] = more ? new ChatListPosition(list, branch, seq(items[^1])).Encode() : null,
        });
    }
}
