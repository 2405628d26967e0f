using Engage.Durable.Storage;

namespace Engage.Durable.Worker;

/// <summary>
/// Recently used instances kept in memory so an episode does not re-read a long history. A
/// cached copy is only ever a guess: commits are conditional on its ETag, and a stale copy
/// shows up as a conflict that evicts it.
/// </summary>
internal sealed class InstanceCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Id, InstanceState State)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, InstanceState State)> _recency = new();
    private readonly Lock _lock = new();

    public InstanceState? Get(string instanceId)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(instanceId, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            node.Value.State.FromCache = true;
            return node.Value.State;
        }
    }

    public void Set(string instanceId, InstanceState state)
    {
        lock (_lock)
        {
            if (_entries.Remove(instanceId, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[instanceId] = _recency.AddFirst((instanceId, state));
            while (_entries.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Id);
            }
        }
    }

    public void Remove(string instanceId)
    {
        lock (_lock)
        {
            if (_entries.Remove(instanceId, out var node))
            {
                _recency.Remove(node);
            }
        }
    }
}
