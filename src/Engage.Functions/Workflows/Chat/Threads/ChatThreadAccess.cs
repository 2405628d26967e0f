using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>A thread the caller may see, with the execution and customer that make it visible.</summary>
public sealed record VisibleThread(ChatThread Thread, WorkflowExecution Execution, Customer? Customer);

/// <summary>
/// Finds a thread for a caller. A thread is as visible as its execution (<see cref="ExecutionAccess"/>): anyone else
/// gets a 404, as for a thread that does not exist, so ids do not leak.
/// </summary>
public sealed class ChatThreadAccess(ChatThreadStore store, ExecutionAccess executions, CustomerRecords records)
{
    public const string RoutePrefix = "/api/workflows/chat/threads/";

    /// <summary>The one thread of an execution's step: made at most once, so its id derives from them.</summary>
    public static string ThreadIdFor(string customerId, string executionId, string stepId) =>
        RecordId.StableChild(RecordId.ChatThread, customerId, $"{executionId}/{stepId}");

    /// <summary>The thread, or the problem to answer: 400 for what is no thread id, 404.</summary>
    public Task<(VisibleThread? Thread, IResult? Problem)> FindAsync(Caller caller, string threadId, CancellationToken cancellationToken) =>
        FindAsync(new RecordAccess(records, caller), threadId, cancellationToken);

    /// <summary>As the caller's overload, the customer read through the request's view, which the turn's reads of it reuse.</summary>
    public async Task<(VisibleThread? Thread, IResult? Problem)> FindAsync(RecordAccess access, string threadId, CancellationToken cancellationToken)
    {
        if (!RecordId.TryGetCustomer(RecordId.ChatThread, threadId, out _))
        {
            return (null, Problems.Validation($"'{threadId}' is not a chat thread id; those are th_ followed by 16 and 32 hex digits, as the create answered."));
        }

        if (await store.FindAsync(threadId, cancellationToken) is not { } thread)
        {
            return (null, NotFound(threadId));
        }

        var (execution, customer, problem) = await executions.FindAsync(access, thread.State.WorkflowExecutionId, cancellationToken);
        return problem is null ? (new VisibleThread(thread, execution, customer), null) : (null, NotFound(threadId));
    }

    private static IResult NotFound(string threadId) => Problems.NotFound($"No chat thread {threadId} exists that you may see.");
}

/// <summary>The chat routes' refusals that carry the thread's state.</summary>
public static class ChatProblems
{
    public const string CurrentVersion = "currentVersion";

    /// <summary>409 with the thread's current version, which the client reads the thread at before it tries again.</summary>
    public static IResult Conflict(string detail, int currentVersion) => TypedResults.Problem(
        detail: detail,
        statusCode: StatusCodes.Status409Conflict,
        title: "The request conflicts with the chat thread's state.",
        extensions: new Dictionary<string, object?> { [CurrentVersion] = currentVersion });

    /// <summary>The 409 when the client read the thread at another version than <paramref name="state"/>'s; null when it sent none or the current one.</summary>
    public static IResult? StaleVersion(int? sent, ChatSessionState state) => sent is { } read && read != state.Version
        ? Conflict(
            $"The thread is at version {state.Version}, not {read}: it changed since you read it. Read its messages again and send with version {state.Version}.",
            state.Version)
        : null;

    /// <summary>Why a thread in <paramref name="state"/>'s status takes no message, or null when it takes one.</summary>
    public static IResult? RefuseMessage(ChatSessionState state) => state.Status switch
    {
        ChatStatus.Completed => Conflict($"Thread {state.Id} is completed (its step was completed through it); it takes no more messages.", state.Version),
        ChatStatus.Closed => Conflict($"Thread {state.Id} was closed after being idle; reopen it (POST {ChatThreadAccess.RoutePrefix}{state.Id}/reopen), then send.", state.Version),
        _ => null,
    };
}
