namespace Engage.Storage.Queues.Models;

/// <summary>Builds the model types, whose constructors are internal, for mocks and tests (as in Azure.Storage.Queues).</summary>
public static class QueuesModelFactory
{
    public static QueueMessage QueueMessage(string messageId, string popReceipt, BinaryData body, long dequeueCount, DateTimeOffset? nextVisibleOn = null, DateTimeOffset? insertedOn = null, DateTimeOffset? expiresOn = null) =>
        new(messageId, popReceipt, body, dequeueCount, nextVisibleOn, insertedOn, expiresOn);

    public static PeekedMessage PeekedMessage(string messageId, BinaryData message, long dequeueCount, DateTimeOffset? insertedOn = null, DateTimeOffset? expiresOn = null) =>
        new(messageId, message, dequeueCount, insertedOn, expiresOn);

    public static SendReceipt SendReceipt(string messageId, DateTimeOffset insertionTime, DateTimeOffset expirationTime, string popReceipt, DateTimeOffset timeNextVisible) =>
        new(messageId, insertionTime, expirationTime, popReceipt, timeNextVisible);

    public static UpdateReceipt UpdateReceipt(string popReceipt, DateTimeOffset nextVisibleOn) => new(popReceipt, nextVisibleOn);

    public static QueueProperties QueueProperties(IDictionary<string, string> metadata, int approximateMessagesCount) =>
        new(metadata, approximateMessagesCount);
}
