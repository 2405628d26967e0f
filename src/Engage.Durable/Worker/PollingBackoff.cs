namespace Engage.Durable.Worker;

/// <summary>Polls fast while a queue has work and backs off exponentially to a ceiling when it is idle.</summary>
internal sealed class PollingBackoff(TimeSpan max, TimeProvider timeProvider)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);
    private TimeSpan _next = First;

    public void Reset() => _next = First;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_next, timeProvider, cancellationToken);
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, max.Ticks));
    }
}
