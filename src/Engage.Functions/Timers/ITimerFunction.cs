namespace Engage.Functions.Timers;

/// <summary>
/// A timer-triggered function: standalone, <see cref="TimerScheduler"/> runs it on its NCRONTAB
/// schedule; under the Functions host, the host's timer trigger invokes it.
/// </summary>
public interface ITimerFunction
{
    /// <summary>The function's name, also its folder and route under the Functions host.</summary>
    string Name { get; }

    /// <summary>The app setting that holds the schedule (the Functions <c>%SETTING%</c> form).</summary>
    string ScheduleSetting { get; }

    /// <summary>NCRONTAB, 5 or 6 fields, used when the setting is empty or invalid.</summary>
    string DefaultSchedule { get; }

    Task RunAsync(TimerInfo timer, CancellationToken cancellationToken);
}
