using Engage.Durable.History;

namespace Engage.Durable.Storage;

/// <summary>An instance as a worker holds it: its status row (with ETag) and its committed history.</summary>
internal sealed class InstanceState(InstanceStatusEntity status, List<HistoryEvent> history)
{
    public InstanceStatusEntity Status { get; set; } = status;

    /// <summary>The current execution's committed history, payloads resolved.</summary>
    public List<HistoryEvent> History { get; } = history;

    /// <summary>History before this index has had its outbound messages sent by this process.</summary>
    public int SentThrough { get; set; } = status.OutboxFrom;

    /// <summary>True when this copy came from the worker's cache rather than a fresh read.</summary>
    public bool FromCache { get; set; }
}
