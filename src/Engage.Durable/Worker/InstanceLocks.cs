namespace Engage.Durable.Worker;

/// <summary>One episode at a time per instance within this process (other processes are kept out by ETags).</summary>
internal sealed class InstanceLocks
{
    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _locks = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<IDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_lock)
        {
            var entry = _locks.TryGetValue(instanceId, out var existing) ? existing : (new SemaphoreSlim(1, 1), 0);
            _locks[instanceId] = (entry.Item1, entry.Item2 + 1);
            gate = entry.Item1;
        }

        try
        {
            await gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(instanceId, gate, entered: false);
            throw;
        }

        return new Releaser(() => Release(instanceId, gate, entered: true));
    }

    private void Release(string instanceId, SemaphoreSlim gate, bool entered)
    {
        if (entered)
        {
            gate.Release();
        }

        lock (_lock)
        {
            var (_, users) = _locks[instanceId];
            if (users == 1)
            {
                _locks.Remove(instanceId);
                gate.Dispose();
            }
            else
            {
                _locks[instanceId] = (gate, users - 1);
            }
        }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
