namespace Engage.Storage.Queues;

/// <summary>
/// One <c>QueueMessage</c> element of a <c>QueueMessagesList</c> answer, text still encoded.
/// Put answers lack the text and the dequeue count; peek answers lack the receipt and the
/// next-visible time.
/// </summary>
internal readonly record struct QueueWireMessage(
    string MessageId,
    string? PopReceipt,
    string? MessageText,
    long DequeueCount,
    DateTimeOffset? InsertionTime,
    DateTimeOffset? ExpirationTime,
    DateTimeOffset? TimeNextVisible);
