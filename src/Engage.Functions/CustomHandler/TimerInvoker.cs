using Engage.Functions.Http;
using Engage.Functions.Timers;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// Runs an <see cref="ITimerFunction"/> when the host's timer trigger fires it. <c>ENABLE_BACKGROUND_JOBS=false</c>
/// keeps it from running here too, as it keeps <see cref="TimerScheduler"/> from running it standalone.
/// </summary>
public sealed partial class TimerInvoker(IConfiguration configuration, TimeProvider timeProvider, ILogger<TimerInvoker> logger)
{
    public async Task<IResult> InvokeAsync(ITimerFunction function, HttpRequest request, CancellationToken cancellationToken)
    {
        var payload = await InvocationPayload.ReadAsync(request, cancellationToken);
        if (payload is null)
        {
            return Problems.Validation("A timer invocation is a JSON object with Data and Metadata.");
        }

        var timer = ReadTimer(payload);
        if (TimerScheduler.IsTurnedOff(configuration))
        {
            LogSkipped(function.Name, TimerScheduler.EnableSetting);
            return InvocationResult.Completed($"{function.Name} skipped: {TimerScheduler.EnableSetting}=false");
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            await function.RunAsync(timer, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's message stays in the app's log: it may quote data that has no place in the host's.
            LogFailed(function.Name, e);
            return InvocationResult.Failed($"{function.Name} failed ({e.GetType().Name}); the next run is on schedule");
        }

        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        return InvocationResult.Completed($"{function.Name} ran in {elapsed:0} ms (scheduled {timer.ScheduledAt:O}, past due: {timer.IsPastDue})");
    }

    /// <summary>
    /// The host's <c>TimerInfo</c>: <c>IsPastDue</c>, and <c>ScheduleStatus.Next</c>, recorded after the previous
    /// run, which is the occurrence this run is for. Without a schedule monitor there is no status, and the
    /// host's clock stands in.
    /// </summary>
    private TimerInfo ReadTimer(InvocationPayload payload)
    {
        var timer = payload.TryGetData(FunctionBindings.Timer, out var value) ? InvocationValue.ReadObject(value) : null;
        var pastDue = timer is { } info && InvocationValue.TryGetMember(info, "IsPastDue", out var flag) && InvocationValue.ReadBoolean(flag) == true;
        var scheduled = timer is { } withStatus && InvocationValue.TryGetMember(withStatus, "ScheduleStatus", out var status)
            && InvocationValue.ReadObject(status) is { } schedule && InvocationValue.TryGetMember(schedule, "Next", out var next)
                ? InvocationValue.ReadTime(next)
                : null;
        return new TimerInfo(scheduled ?? payload.HostUtcNow ?? timeProvider.GetUtcNow(), pastDue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Function} invoked by the host but not run: {Setting}=false")]
    private partial void LogSkipped(string function, string setting);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Function} failed")]
    private partial void LogFailed(string function, Exception exception);
}
