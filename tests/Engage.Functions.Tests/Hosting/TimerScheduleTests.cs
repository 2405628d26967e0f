using Engage.Functions.Hosting;

namespace Engage.Functions.Tests.Hosting;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 2, 30, TimeSpan.Zero);

    [Fact]
    public void Five_fields_have_minute_resolution()
    {
        Assert.True(TimerSchedule.TryParse("*/5 * * * *", out var schedule));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 5, 0, TimeSpan.Zero), schedule!.Next(At));
    }

    [Fact]
    public void Six_fields_start_with_seconds()
    {
        Assert.True(TimerSchedule.TryParse("15 */5 * * * *", out var schedule));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 5, 15, TimeSpan.Zero), schedule!.Next(At));
        Assert.True(TimerSchedule.TryParse("0 30 3 * * *", out var daily));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 30, 0, TimeSpan.Zero), daily!.Next(At));
    }

    [Theory]
    [InlineData("every 5 minutes")]
    [InlineData("* * * *")]
    [InlineData("* * * * * * *")]
    [InlineData("61 * * * *")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_expressions_do_not_parse(string? expression) =>
        Assert.False(TimerSchedule.TryParse(expression, out _));
}
