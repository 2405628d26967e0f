using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Executions;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Chat;

/// <summary>
/// One assistant turn as the thread hands it to the <see cref="IChatReplier"/>: whose thread it is, the conversation
/// as the branch sees it (oldest first, ending with the user's new message), and the caller whose rights the tools use.
/// </summary>
/// <param name="Execution">The thread's execution as the visibility check read it when the turn began, so the replier reads it no second time.</param>
/// <param name="UserMessageId">The message this turn answers; tools derive their Idempotency-Keys from it, so a retried turn repeats no effect.</param>
public sealed record ChatTurn(
    string ThreadId,
    WorkflowExecution Execution,
    string StepId,
    string UserMessageId,
    IReadOnlyList<ChatTurnMessage> History,
    RecordAccess Access,
    DurableTaskClient Durable,
    string? TraceId)
{
    public string CustomerId => Execution.PartitionKey;

    public string WorkflowExecutionId => Execution.Id;
}

/// <param name="Role"><c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="ToolName">For a tool message, the tool that answered.</param>
public sealed record ChatTurnMessage(string Role, string Content, string? ToolName = null);

/// <summary>A tool the assistant called: what it asked, what came back, and how long it took.</summary>
/// <param name="RecordId">The record the call created or changed (task, artifact, action run), if any.</param>
public sealed record ChatToolCall(
    string Id,
    string Name,
    JsonObject Arguments,
    JsonNode? Result,
    bool Succeeded,
    TimeSpan Duration,
    string? RecordId = null);

/// <summary>Who wrote a reply.</summary>
public static class ChatReplySources
{
    /// <summary>The configured LLM (OpenAI, Azure OpenAI or an OpenAI-compatible server).</summary>
    public const string Llm = "llm";

    /// <summary>The deterministic local responder, when no LLM is configured.</summary>
    public const string Local = "local";

    /// <summary>The keyword classifier, when the LLM failed or its circuit is open; the reply says so.</summary>
    public const string Fallback = "fallback";
}

/// <param name="Source">One of <see cref="ChatReplySources"/>.</param>
/// <param name="FallbackReason">Why the fallback answered (circuit open, timeout, 429...), never an error body.</param>
/// <param name="Model">The model that answered, or the responder's name.</param>
public sealed record ChatReply(
    string Content,
    string Source,
    int PromptTokens,
    int CompletionTokens,
    IReadOnlyList<ChatToolCall> ToolCalls,
    string? FallbackReason,
    string Model);

/// <summary>Where a turn's reply goes while it is written: token deltas for a streaming client.</summary>
public interface IChatReplyStream
{
    ValueTask DeltaAsync(string text, CancellationToken cancellationToken);

    /// <summary>The deltas sent so far are withdrawn (the LLM failed mid-stream); the fallback's reply follows.</summary>
    ValueTask ResetAsync(string reason, CancellationToken cancellationToken);

    /// <summary>
    /// A tool call finished, so a streaming client sees it while the reply goes on. Optional for a replier: the thread
    /// streams the reply's tool calls before its final event when none was reported here.
    /// </summary>
    ValueTask ToolCalledAsync(ChatToolCall call, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>
/// Writes the assistant's reply to a turn: grounded in the customer's context, on the LLM through its breaker, the local
/// responder without an LLM, the fallback classifier when the LLM fails. It never throws for an LLM failure.
/// </summary>
public interface IChatReplier
{
    Task<ChatReply> ReplyAsync(ChatTurn turn, IChatReplyStream stream, CancellationToken cancellationToken);
}
