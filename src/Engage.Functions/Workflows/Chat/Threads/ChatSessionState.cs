using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// A chat thread's session state, kept in the backend (the client sends only its new message): where the conversation
/// stands and what it gathered. It changes only through <see cref="ChatSession.Apply"/>, one event at a time, each
/// raising <see cref="Version"/> by one, so replaying the thread's events gives it back exactly
/// (docs/workflow-chat-state.md). Its canonical JSON (<see cref="ToCanonicalJson"/>) is what is stored and what the
/// checksum covers.
/// </summary>
/// <param name="Status">One of <see cref="ChatStatus"/>.</param>
/// <param name="CurrentBranchId">The branch of the latest message (<c>main</c> until a message forks one).</param>
/// <param name="MessageCount">Every message stored: user, tool and assistant.</param>
/// <param name="Degraded">The last reply came from the fallback, not the LLM.</param>
/// <param name="ReplyingTo">While <see cref="ChatStatus.Replying"/>, the user message the turn answers.</param>
public sealed record ChatSessionState(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("workflowExecutionId")] string WorkflowExecutionId,
    [property: JsonPropertyName("stepId")] string StepId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("currentBranchId")] string CurrentBranchId,
    [property: JsonPropertyName("messageCount")] int MessageCount,
    [property: JsonPropertyName("promptTokens")] int PromptTokens,
    [property: JsonPropertyName("completionTokens")] int CompletionTokens,
    [property: JsonPropertyName("toolCallCount")] int ToolCallCount,
    [property: JsonPropertyName("gathered")] ChatGathered Gathered,
    [property: JsonPropertyName("degraded")] bool Degraded,
    [property: JsonPropertyName("replyingTo")] string? ReplyingTo,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("lastActivityAt")] DateTimeOffset LastActivityAt,
    [property: JsonPropertyName("completedAt")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("version")] int Version)
{
    public const string MainBranch = "main";

    /// <summary>
    /// Declaration order, no indentation, the property names as declared, times in UTC in the round-trip format, and
    /// only the escaping JSON requires (quotes, backslash, control characters): the same state always gives the same
    /// text, hence the same checksum, and any JSON library that writes minimal escapes can check it. The text is never
    /// embedded in HTML, where the default encoder's extra escapes would matter.
    /// </summary>
    private static readonly JsonSerializerOptions Canonical = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToCanonicalJson() => JsonSerializer.Serialize(this, Canonical);

    public static ChatSessionState FromCanonicalJson(string json) =>
        JsonSerializer.Deserialize<ChatSessionState>(json, Canonical) ?? throw new JsonException("The chat state is null.");

    /// <summary>SHA-256 of the canonical JSON, lower-case hex.</summary>
    public static string ChecksumOf(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>The thread as the API answers it: the state's fields, its version and its checksum.</summary>
    public JsonObject ToJson()
    {
        var json = ToCanonicalJson();
        var node = JsonNode.Parse(json)!.AsObject();
        node["checksum"] = ChecksumOf(json);
        return node;
    }
}

/// <summary>What the thread's tools created or changed: the records a reader of the step may want to open.</summary>
public sealed record ChatGathered(
    [property: JsonPropertyName("taskIds")] IReadOnlyList<string> TaskIds,
    [property: JsonPropertyName("artifactIds")] IReadOnlyList<string> ArtifactIds,
    [property: JsonPropertyName("actionRunIds")] IReadOnlyList<string> ActionRunIds)
{
    public static ChatGathered None { get; } = new([], [], []);
}

public static class ChatStatus
{
    /// <summary>Takes messages.</summary>
    public const string Open = "open";

    /// <summary>A turn is being answered; another message waits for it (409).</summary>
    public const string Replying = "replying";

    /// <summary>Its step was completed through it; it takes no more messages.</summary>
    public const string Completed = "completed";

    /// <summary>Idle too long; reopened on request.</summary>
    public const string Closed = "closed";
}
