using System.Text.Json.Nodes;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// One transition of a chat thread, stored as row <c>evt|{seq}</c> in the same transaction as the change it makes.
/// <see cref="ChatSession.Apply"/> computes the change from the event alone, so the thread's events replay into its state.
/// </summary>
/// <param name="Type">One of <see cref="ChatEventTypes"/>.</param>
/// <param name="Actor">The user who caused it, or <c>system</c> (the idle timer, the assistant).</param>
/// <param name="Data">What the reducer needs (a message id, token counts, a record id), and nothing of any message's content.</param>
public sealed record ChatEvent(string Type, DateTimeOffset At, string Actor, string Reason, string? TraceId, JsonObject? Data = null)
{
    public string? Text(string name) => Data?[name]?.GetValue<string>();

    public int Number(string name) => Data?[name]?.GetValue<int>() ?? 0;
}

public static class ChatEventTypes
{
    public const string ThreadCreated = "thread_created";
    public const string MessageReceived = "message_received";
    public const string BranchStarted = "branch_started";
    public const string ReplyStarted = "reply_started";
    public const string ToolCalled = "tool_called";
    public const string ReplyCompleted = "reply_completed";

    /// <summary>The reply was written by the fallback (the LLM failed or its circuit is open); the reason says why.</summary>
    public const string FallbackReply = "fallback_reply";

    /// <summary>A turn ended without a reply: the replier failed, or the turn was abandoned.</summary>
    public const string Error = "error";

    public const string ThreadCompleted = "thread_completed";
    public const string ThreadClosed = "thread_closed";
    public const string ThreadReopened = "thread_reopened";
}
