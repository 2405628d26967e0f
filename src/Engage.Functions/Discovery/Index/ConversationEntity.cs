using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// A conversation in table <c>Conversations</c>, partition = the crew (<c>client|crew</c>). Each conversation
/// has two rows in its partition, written together in one transaction: the primary row (RowKey = session
/// key) and a copy under its <see cref="ActivityKey"/>, which the newest-first list reads without a lookup.
/// </summary>
public sealed class ConversationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Client { get; set; } = string.Empty;

    public string Crew { get; set; } = string.Empty;

    public string SessionId { get; set; } = string.Empty;

    public long MessageCount { get; set; }

    public long HumanCount { get; set; }

    public long AiCount { get; set; }

    public long FirstMessageId { get; set; }

    public long LastMessageId { get; set; }

    /// <summary>Only when the table has <c>created_at</c>.</summary>
    public DateTimeOffset? FirstMessageAt { get; set; }

    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>The list's sort time: the last message's time, or without <c>created_at</c> when discovery first saw that message.</summary>
    public DateTimeOffset LastActivityAt { get; set; }

    public string? LastMessageType { get; set; }

    public string Preview { get; set; } = string.Empty;

    /// <summary>The RowKey of the conversation's activity row, so a change can remove the old one.</summary>
    public string ActivityKey { get; set; } = string.Empty;

    public DateTimeOffset IndexedAt { get; set; }

    public ConversationEntity CopyAs(string rowKey)
    {
        var copy = (ConversationEntity)MemberwiseClone();
        copy.RowKey = rowKey;
        copy.ETag = default;
        return copy;
    }

    /// <summary>Whether the source facts differ; times of our own bookkeeping do not count.</summary>
    public bool SameFactsAs(ConversationEntity other) =>
        MessageCount == other.MessageCount && HumanCount == other.HumanCount && AiCount == other.AiCount &&
        FirstMessageId == other.FirstMessageId && LastMessageId == other.LastMessageId &&
        FirstMessageAt == other.FirstMessageAt && LastMessageAt == other.LastMessageAt &&
        LastMessageType == other.LastMessageType && Preview == other.Preview;
}
