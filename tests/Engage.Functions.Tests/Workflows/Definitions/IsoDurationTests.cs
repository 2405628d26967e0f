using Engage.Functions.Workflows.Definitions;

namespace Engage.Functions.Tests.Workflows.Definitions;

public sealed class IsoDurationTests
{
    [Theory]
    [InlineData("PT2S", 2)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("PT4H", 4 * 3600)]
    [InlineData("P3D", 3 * 86400)]
    [InlineData("P1W", 7 * 86400)]
    [InlineData("P1DT2H30M", 86400 + 9000)]
    public void Durations_of_weeks_days_hours_minutes_and_seconds_are_read(string text, double seconds)
    {
        Assert.True(IsoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("-PT1S")]
    [InlineData("2 days")]
    [InlineData("")]
    [InlineData(null)]
    public void Months_years_and_anything_else_are_refused(string? text)
    {
        Assert.False(IsoDuration.TryParse(text, out _));
    }

    [Fact]
    public void A_duration_is_written_as_it_is_read()
    {
        Assert.Equal(["PT2S", "P3D", "P1DT2H30M"], new[] { TimeSpan.FromSeconds(2), TimeSpan.FromDays(3), new TimeSpan(1, 2, 30, 0) }.Select(IsoDuration.Format));
    }
}
