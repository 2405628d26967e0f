using NCrontab;

namespace Engage.Functions.Hosting;

/// <summary>
/// A timer trigger's NCRONTAB expression, 6 fields (with seconds) or 5 (minute resolution), which the Functions
/// timer trigger both accepts.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(CrontabSchedule schedule, string expression)
    {
        _schedule = schedule;
        Expression = expression;
    }

    public string Expression { get; }

    public static bool TryParse(string? expression, out TimerSchedule? schedule)
    {
        schedule = null;
        var text = expression?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            return false;
        }

        var parsed = CrontabSchedule.TryParse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        schedule = parsed is null ? null : new TimerSchedule(parsed, text);
        return schedule is not null;
    }

    public DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
