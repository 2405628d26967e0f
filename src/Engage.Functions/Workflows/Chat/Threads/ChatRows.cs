using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>The rows of table <c>ChatThreads</c>, all in the thread's partition (PartitionKey = thread id).</summary>
public abstract class ChatRow : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>A row key of <paramref name="kind"/> ordered by <paramref name="seq"/>.</summary>
    public static string SeqKey(string kind, int seq) => $"{kind}|{seq.ToString("D8", CultureInfo.InvariantCulture)}";
}

/// <summary>RowKey <c>state</c>: the session state's canonical JSON and its checksum; status and activity also as columns for the idle timer's query.</summary>
public sealed class ChatStateRow : ChatRow
{
    public const string Key = "state";

    public string StateJson { get; set; } = string.Empty;

    /// <summary>SHA-256 of <see cref="StateJson"/>, checked on every read.</summary>
    public string Checksum { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public DateTimeOffset LastActivityAt { get; set; }

    public int Version { get; set; }

    public static ChatStateRow For(ChatSessionState state)
    {
        var json = state.ToCanonicalJson();
        return new ChatStateRow
        {
            PartitionKey = state.Id,
            RowKey = Key,
            StateJson = json,
            Checksum = ChatSessionState.ChecksumOf(json),
            Status = state.Status,
            LastActivityAt = state.LastActivityAt,
            Version = state.Version,
        };
    }
}

/// <summary>RowKey <c>evt|{seq}</c>, seq = the version the event led to.</summary>
public sealed class ChatEventRow : ChatRow
{
    public const string Kind = "evt";

    public int Seq { get; set; }

    public string Type { get; set; } = string.Empty;

    /// <summary>The state before, canonical JSON; null for the thread's creation.</summary>
    public string? StateBefore { get; set; }

    public string StateAfter { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public string? TraceId { get; set; }

    public DateTimeOffset At { get; set; }

    public string? DataJson { get; set; }

    public static ChatEventRow For(ChatSessionState? before, ChatSessionState after, ChatEvent e) => new()
    {
        PartitionKey = after.Id,
        RowKey = SeqKey(Kind, after.Version),
        Seq = after.Version,
        Type = e.Type,
        StateBefore = before?.ToCanonicalJson(),
        StateAfter = after.ToCanonicalJson(),
        Reason = e.Reason,
        Actor = e.Actor,
        TraceId = e.TraceId,
        At = e.At,
        DataJson = e.Data?.ToJsonString(),
    };

    public ChatEvent ToEvent() => new(Type, At, Actor, Reason, TraceId, DataJson is null ? null : JsonNode.Parse(DataJson)!.AsObject());

    public JsonObject ToJson() => new()
    {
        ["seq"] = Seq,
        ["type"] = Type,
        ["stateBefore"] = StateBefore is null ? null : JsonNode.Parse(StateBefore),
        ["stateAfter"] = JsonNode.Parse(StateAfter),
        ["reason"] = Reason,
        ["actor"] = Actor,
        ["traceId"] = TraceId,
        ["at"] = At,
        ["data"] = DataJson is null ? null : JsonNode.Parse(DataJson),
    };
}

/// <summary>RowKey <c>msg|{seq}</c>: one message, its id <c>msg_{seq}</c>.</summary>
public sealed class ChatMessageRow : ChatRow
{
    public const string Kind = "msg";
    private const string IdPrefix = "msg_";

    public string Id { get; set; } = string.Empty;

    public int Seq { get; set; }

    /// <summary><see cref="ChatRoles"/>.</summary>
    public string Role { get; set; } = string.Empty;

    public string Content { get; set; } = string.Empty;

    public string? ParentMessageId { get; set; }

    public string BranchId { get; set; } = ChatSessionState.MainBranch;

    public DateTimeOffset CreatedAt { get; set; }

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    /// <summary>An assistant message's <see cref="ChatReplySources"/>.</summary>
    public string? Source { get; set; }

    public string? Model { get; set; }

    public string? FallbackReason { get; set; }

    public string? ToolName { get; set; }

    public string? ArgumentsJson { get; set; }

    public string? ResultJson { get; set; }

    public double? DurationMs { get; set; }

    public bool? Succeeded { get; set; }

    public string? RecordId { get; set; }

    public static string IdFor(int seq) => IdPrefix + seq.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The sequence number of a message id this thread hands out; false for anything else.</summary>
    public static bool TryParseId(string? id, out int seq)
    {
        seq = 0;
        return id is { Length: 12 } && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id[4..].All(char.IsAsciiDigit)
            && int.TryParse(id.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out seq) && seq > 0;
    }

    public static ChatMessageRow New(string threadId, int seq, string role, string content, string? parentMessageId, string branchId, DateTimeOffset at) => new()
    {
        PartitionKey = threadId,
        RowKey = SeqKey(Kind, seq),
        Id = IdFor(seq),
        Seq = seq,
        Role = role,
        Content = content,
        ParentMessageId = parentMessageId,
        BranchId = branchId,
        CreatedAt = at,
    };

    public ChatTurnMessage ToTurnMessage() => new(Role, Content, ToolName);

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["role"] = Role,
            ["content"] = Content,
            ["parentMessageId"] = ParentMessageId,
            ["branchId"] = BranchId,
            ["createdAt"] = CreatedAt,
            ["promptTokens"] = PromptTokens,
            ["completionTokens"] = CompletionTokens,
        };
        if (Role == ChatRoles.Assistant)
        {
            json["source"] = Source;
            json["model"] = Model;
            json["fallbackReason"] = FallbackReason;
        }
        else if (Role == ChatRoles.Tool)
        {
            json["toolName"] = ToolName;
            json["arguments"] = ArgumentsJson is null ? null : JsonNode.Parse(ArgumentsJson);
            json["result"] = ResultJson is null ? null : JsonNode.Parse(ResultJson);
            json["durationMs"] = DurationMs;
            json["succeeded"] = Succeeded;
            json["recordId"] = RecordId;
        }

        return json;
    }
}

/// <summary>RowKey <c>branch|{id}</c>: where a branch forked and where it stands.</summary>
public sealed class ChatBranchRow : ChatRow
{
    public const string Kind = "branch";

    public string Id { get; set; } = string.Empty;

    public string? ParentBranchId { get; set; }

    /// <summary>The message of the parent branch the branch follows on from.</summary>
    public string? ForkMessageId { get; set; }

    public string? HeadMessageId { get; set; }

    public int MessageCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string RowKeyFor(string branchId) => $"{Kind}|{branchId}";

    /// <summary>A branch's id: <c>main</c>, or <c>br_</c> and the sequence number of its first message.</summary>
    public static string IdFor(int firstSeq) => "br_" + firstSeq.ToString("D8", CultureInfo.InvariantCulture);

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["parentBranchId"] = ParentBranchId,
        ["forkMessageId"] = ForkMessageId,
        ["headMessageId"] = HeadMessageId,
        ["messageCount"] = MessageCount,
        ["createdAt"] = CreatedAt,
    };
}

public static class ChatRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}
