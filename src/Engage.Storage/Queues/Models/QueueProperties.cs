namespace Engage.Storage.Queues.Models;

public sealed class QueueProperties
{
    internal QueueProperties(IDictionary<string, string> metadata, int approximateMessagesCount)
    {
        Metadata = metadata;
        ApproximateMessagesCount = approximateMessagesCount;
    }

    /// <summary>The queue's metadata; names compare case-insensitively, as HTTP headers do.</summary>
    public IDictionary<string, string> Metadata { get; }

    /// <summary>Never lower than the real count, but may be higher (the service counts lazily).</summary>
    public int ApproximateMessagesCount { get; }
}
