namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// Keeps this process within Fathom's per-account budget (a number of calls per window) across every run
/// in flight, so runs wait here instead of collecting 429s. A sliding log of grant times: never more than
/// the limit in any window, which also keeps within every fixed window Fathom may count in.
/// </summary>
public sealed class FathomRateLimiter
{
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _granted = new();
    private readonly Lock _lock = new();

    public FathomRateLimiter(int permitLimit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permitLimit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _permitLimit = permitLimit;
        _window = window;
        _time = time;
    }

    /// <summary>Returns once a call may be made; that call is then counted.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                while (_granted.Count > 0 && _time.GetElapsedTime(_granted.Peek(), now) >= _window)
                {
                    _granted.Dequeue();
                }

                if (_granted.Count < _permitLimit)
                {
                    _granted.Enqueue(now);
                    return;
                }

                wait = _window - _time.GetElapsedTime(_granted.Peek(), now);
            }

            // Not a queue: whoever wakes first after a slot frees takes it, the others wait again.
            await Task.Delay(wait, _time, cancellationToken);
        }
    }
}
