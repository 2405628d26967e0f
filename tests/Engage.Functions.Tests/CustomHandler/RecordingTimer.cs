using System.Collections.Concurrent;
using Engage.Functions.Timers;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>A timer function that records each run, and fails with <paramref name="failure"/> when one is given.</summary>
public sealed class RecordingTimer(string name, string scheduleSetting, Exception? failure = null) : ITimerFunction
{
    public ConcurrentQueue<TimerInfo> Runs { get; } = new();

    public string Name => name;

    public string ScheduleSetting => scheduleSetting;

    /// <summary>Every second, so a scheduler that ran it at all would have within a couple of seconds.</summary>
    public string DefaultSchedule => "* * * * * *";

    public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        Runs.Enqueue(timer);
        return failure is null ? Task.CompletedTask : Task.FromException(failure);
    }
}
