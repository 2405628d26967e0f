namespace Engage.Storage.Queues.Models;

/// <summary>A message seen without being received: no pop receipt, and its dequeue count unchanged.</summary>
public sealed class PeekedMessage
{
    internal PeekedMessage(string messageId, BinaryData body, long dequeueCount, DateTimeOffset? insertedOn, DateTimeOffset? expiresOn)
    {
        MessageId = messageId;
        Body = body;
        DequeueCount = dequeueCount;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
    }

    public string MessageId { get; }

    /// <summary>The content decoded as UTF-8 text.</summary>
    public string MessageText => Body.ToString();

    /// <summary>The content, already decoded from the client's <see cref="QueueMessageEncoding"/>.</summary>
    public BinaryData Body { get; }

    public long DequeueCount { get; }

    public DateTimeOffset? InsertedOn { get; }

    public DateTimeOffset? ExpiresOn { get; }
}
