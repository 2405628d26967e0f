using Engage.Functions.Hosting;
using Engage.LocalHost.Functions;
using Engage.LocalHost.Settings;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalHost.Timers;

/// <summary>
/// Runs each <c>timerTrigger</c> function on its NCRONTAB schedule (<c>%SETTING%</c> resolved from the app
/// settings), once at start when it says <c>runOnStartup</c>. As with the Functions host, a schedule that cannot be
/// resolved or parsed leaves that function off with an error, invocations of one timer never overlap, and a failed
/// invocation waits for the next occurrence. Past-due catch-up after downtime, which the host keeps in a blob, is not
/// kept: a local host that was down simply runs the next occurrence.
/// </summary>
public sealed partial class TimerTriggers(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    IServiceScopeFactory scopes,
    IConfiguration settings,
    TimeProvider time,
    ILogger<TimerTriggers> logger) : BackgroundService
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.WithTrigger(BindingTypes.Timer)
            .Where(f => !FunctionSwitch.IsDisabled(settings, f.Name))
            .Select(f => ScheduleAsync(f, stoppingToken)));

    private async Task ScheduleAsync(LocalFunction function, CancellationToken stoppingToken)
    {
        if (!TryResolve(function, out var schedule))
        {
            return;
        }

        LogScheduled(function.Name, schedule.Expression);
        var last = default(DateTime);
        if (function.Trigger.RunOnStartup)
        {
            last = await InvokeAsync(function, schedule, last, isPastDue: false, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var due = schedule.Next(time.GetUtcNow());
            try
            {
                // A timer cannot wait more than about 49 days at once (a yearly schedule would), so long waits go in slices.
                for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
                {
                    await Task.Delay(wait < MaxWait ? wait : MaxWait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            last = await InvokeAsync(function, schedule, last, isPastDue: time.GetUtcNow() - due > TimeSpan.FromMinutes(1), stoppingToken);
        }
    }

    private bool TryResolve(LocalFunction function, out TimerSchedule schedule)
    {
        schedule = null!;
        string expression;
        try
        {
            expression = HostJson.Resolve(function.Trigger.Schedule ?? string.Empty, settings, $"The schedule of timer {function.Name}");
        }
        catch (InvalidOperationException e)
        {
            LogUnresolved(function.Name, e.Message);
            return false;
        }

        if (!TimerSchedule.TryParse(expression, out var parsed))
        {
            LogUnresolved(function.Name, $"'{expression}' is not a 5- or 6-field NCRONTAB expression");
            return false;
        }

        schedule = parsed!;
        return true;
    }

    /// <returns>When this invocation ran, the next one's <c>ScheduleStatus.Last</c>.</returns>
    private async Task<DateTime> InvokeAsync(LocalFunction function, TimerSchedule schedule, DateTime last, bool isPastDue, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var timer = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus { Last = last, Next = schedule.Next(now).UtcDateTime, LastUpdated = now.UtcDateTime },
        };
        await using var scope = scopes.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, new Dictionary<string, object?>(), stoppingToken) { TriggerValue = timer };
        try
        {
            await invoker.InvokeAsync(context);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(function.Name, e);
        }

        return now.UtcDateTime;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Function} scheduled: {Schedule}")]
    private partial void LogScheduled(string function, string schedule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Function} is not run: {Reason}")]
    private partial void LogUnresolved(string function, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Function} failed; the next invocation is on schedule")]
    private partial void LogFailed(string function, Exception exception);
}
