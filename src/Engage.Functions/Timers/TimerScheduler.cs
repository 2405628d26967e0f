using Engage.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Engage.Functions.Timers;

/// <summary>
/// Runs every <see cref="ITimerFunction"/> on its schedule when Engage runs standalone. Under the
/// Functions host (custom handler) the host owns the timers, and <c>ENABLE_BACKGROUND_JOBS=false</c>
/// turns them off, so nothing is ever scheduled twice.
/// </summary>
public sealed partial class TimerScheduler(
    IEnumerable<ITimerFunction> functions,
    IConfiguration configuration,
    IOptions<FunctionsHostOptions> host,
    TimeProvider timeProvider,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    public const string EnableSetting = "ENABLE_BACKGROUND_JOBS";

    public static bool IsEnabled(IConfiguration configuration, FunctionsHostOptions host) =>
        !host.IsCustomHandler && !IsTurnedOff(configuration);

    /// <summary>Whether <c>ENABLE_BACKGROUND_JOBS=false</c>; anything else, unset included, leaves the timers on.</summary>
    public static bool IsTurnedOff(IConfiguration configuration) =>
        string.Equals(configuration[EnableSetting]?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled(configuration, host.Value))
        {
            LogDisabled(host.Value.IsCustomHandler ? "the Functions host runs the timers" : $"{EnableSetting}=false");
            return Task.CompletedTask;
        }

        return Task.WhenAll(functions.Select(f => RunScheduleAsync(f, stoppingToken)));
    }

    private async Task RunScheduleAsync(ITimerFunction function, CancellationToken stoppingToken)
    {
        var setting = configuration[function.ScheduleSetting];
        var schedule = TimerSchedule.Resolve(setting, function.DefaultSchedule, out var invalid);
        if (invalid)
        {
            LogInvalidSchedule(function.Name, function.ScheduleSetting, setting!, function.DefaultSchedule);
        }

        LogScheduled(function.Name, schedule.Expression);
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = schedule.Next(timeProvider.GetUtcNow());
            try
            {
                var wait = due - timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, stoppingToken);
                }

                var pastDue = timeProvider.GetUtcNow() - due > TimeSpan.FromMinutes(1);
                await function.RunAsync(new TimerInfo(due, pastDue), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One failing run must not stop the schedule.
                LogRunFailed(function.Name, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timers are off: {Reason}")]
    private partial void LogDisabled(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Function}: setting {Setting} = '{Value}' is not a 5- or 6-field NCRONTAB expression; using the default '{Default}'")]
    private partial void LogInvalidSchedule(string function, string setting, string value, string @default);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Function} scheduled: {Schedule}")]
    private partial void LogScheduled(string function, string schedule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Function} failed; the next run is on schedule")]
    private partial void LogRunFailed(string function, Exception exception);
}
