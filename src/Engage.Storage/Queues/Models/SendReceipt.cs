namespace Engage.Storage.Queues.Models;

/// <summary>What the service answers to a sent message (names as in Azure.Storage.Queues).</summary>
public sealed class SendReceipt
{
    internal SendReceipt(string messageId, DateTimeOffset insertionTime, DateTimeOffset expirationTime, string popReceipt, DateTimeOffset timeNextVisible)
    {
        MessageId = messageId;
        InsertionTime = insertionTime;
        ExpirationTime = expirationTime;
        PopReceipt = popReceipt;
        TimeNextVisible = timeNextVisible;
    }

    public string MessageId { get; }

    public DateTimeOffset InsertionTime { get; }

    /// <summary>9999-12-31 for a message sent to never expire.</summary>
    public DateTimeOffset ExpirationTime { get; }

    /// <summary>Lets the sender update or delete the message before anyone receives it.</summary>
    public string PopReceipt { get; }

    public DateTimeOffset TimeNextVisible { get; }
}
