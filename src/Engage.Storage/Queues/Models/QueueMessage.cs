namespace Engage.Storage.Queues.Models;

/// <summary>A received message, as in Azure.Storage.Queues: its content, the pop receipt that updates or deletes it, and its times.</summary>
public sealed class QueueMessage
{
    internal QueueMessage(string messageId, string popReceipt, BinaryData body, long dequeueCount, DateTimeOffset? nextVisibleOn, DateTimeOffset? insertedOn, DateTimeOffset? expiresOn)
    {
        MessageId = messageId;
        PopReceipt = popReceipt;
        Body = body;
        DequeueCount = dequeueCount;
        NextVisibleOn = nextVisibleOn;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
    }

    public string MessageId { get; }

    /// <summary>Only the newest receipt works: every receive or update of the message replaces it.</summary>
    public string PopReceipt { get; }

    /// <summary>The content decoded as UTF-8 text.</summary>
    public string MessageText => Body.ToString();

    /// <summary>The content, already decoded from the client's <see cref="QueueMessageEncoding"/>.</summary>
    public BinaryData Body { get; }

    /// <summary>1 on the first receive; every receive after the visibility timeout expired adds one.</summary>
    public long DequeueCount { get; }

    public DateTimeOffset? NextVisibleOn { get; }

    public DateTimeOffset? InsertedOn { get; }

    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>
    /// This message as it is after an update: the update's receipt supersedes this one's, so a
    /// later delete or update must use the returned message.
    /// </summary>
    public QueueMessage Update(UpdateReceipt updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
        return new QueueMessage(MessageId, updated.PopReceipt, Body, DequeueCount, updated.NextVisibleOn, InsertedOn, ExpiresOn);
    }
}
