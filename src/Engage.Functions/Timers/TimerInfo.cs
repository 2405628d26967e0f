namespace Engage.Functions.Timers;

/// <summary>What a timer invocation knows, as the Functions timer trigger passes it.</summary>
public sealed record TimerInfo(DateTimeOffset ScheduledAt, bool IsPastDue);
