using NCrontab;

namespace Engage.Functions.Timers;

/// <summary>An NCRONTAB expression, 5 fields (minute resolution) or 6 (with seconds), as Functions accepts.</summary>
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

    /// <summary>The setting's schedule, or the default when the setting is empty or not NCRONTAB (reported through <paramref name="invalid"/>).</summary>
    public static TimerSchedule Resolve(string? setting, string fallback, out bool invalid)
    {
        invalid = false;
        if (TryParse(setting, out var schedule))
        {
            return schedule!;
        }

        invalid = !string.IsNullOrWhiteSpace(setting);
        return TryParse(fallback, out schedule) ? schedule! : throw new ArgumentException($"The default schedule '{fallback}' is not NCRONTAB.", nameof(fallback));
    }

    public DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
