using System.Collections.Concurrent;

namespace Engage.Functions.Tests.Engagement.Summaries;

/// <summary>
/// The system clock moved forward on demand, so a break duration can pass at once; timers run in real time
/// but their due times are recorded, so a test can see the wait a retry chose without sitting through it.
/// </summary>
public sealed class ShiftingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();
    private long _shiftTicks;

    public IReadOnlyList<TimeSpan> TimerDueTimes => [.. _timers];

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _timers.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
