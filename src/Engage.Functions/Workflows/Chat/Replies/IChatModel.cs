namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>A tool call the model asks for: the call's id, the tool, and its arguments as the JSON text the model wrote.</summary>
public sealed record ChatModelToolCall(string Id, string Name, string Arguments);

/// <summary>
/// One message of the conversation a model call sees. An assistant message may carry the tool calls it asked for;
/// a tool message answers one of them (<paramref name="ToolCallId"/>).
/// </summary>
/// <param name="Role"><c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
public sealed record ChatModelMessage(string Role, string Content, IReadOnlyList<ChatModelToolCall>? ToolCalls = null, string? ToolCallId = null);

/// <summary>One model call: the grounding, the conversation so far and the tools on offer (none on the last round).</summary>
public sealed record ChatModelRequest(ChatGroundingFacts Grounding, IReadOnlyList<ChatModelMessage> Messages, IReadOnlyList<ChatToolSpec> Tools);

/// <summary>A piece of a streamed answer: a text delta, the tool calls (complete, at the end), or the token usage.</summary>
public sealed record ChatModelUpdate(string? Text = null, IReadOnlyList<ChatModelToolCall>? ToolCalls = null, int PromptTokens = 0, int CompletionTokens = 0);

/// <summary>
/// Writes the assistant's side of a conversation as a stream: the OpenAI model, or the local responder without an
/// LLM. A model throws on any failure; the replier decides about the fallback.
/// </summary>
public interface IChatModel
{
    /// <summary>The model's name as a reply records it (<c>local</c> for the local responder).</summary>
    string Name { get; }

    IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, CancellationToken cancellationToken);
}
