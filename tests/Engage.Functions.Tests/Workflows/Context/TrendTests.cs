using System.Text.Json.Nodes;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Context;

namespace Engage.Functions.Tests.Workflows.Context;

public sealed class TrendTests
{
    [Theory]
    [InlineData(1.0, 2.0, Trend.Up)]
    [InlineData(2.0, 1.0, Trend.Down)]
    [InlineData(2.0, 2.0, Trend.Flat)]
    [InlineData(null, 2.0, null)]
    [InlineData(2.0, null, null)]
    public void A_trend_compares_before_with_after_and_is_unknown_without_both(double? before, double? after, string? trend) =>
        Assert.Equal(trend, Trend.Between(before, after));

    [Fact]
    public void A_fields_trend_is_that_of_its_newest_change_whatever_changed_since()
    {
        RecordEvent[] events =
        [
            Event(null, """{"healthScore": 70, "usage": {"utilization": 0.5}}"""),
            Event("""{"healthScore": 70, "usage": {"utilization": 0.5}}""", """{"healthScore": 60, "usage": {"utilization": 0.5}}"""),
            Event("""{"healthScore": 60, "usage": {"utilization": 0.5}}""", """{"healthScore": 60, "usage": {"utilization": 0.8}}"""),
            Event("""{"healthScore": 60, "usage": {"utilization": 0.8}, "name": "a"}""", """{"healthScore": 60, "usage": {"utilization": 0.8}, "name": "b"}"""),
        ];

        Assert.Equal(Trend.Down, FieldHistory.LastChange(events, FieldHistory.HealthScore));
        Assert.Equal(Trend.Up, FieldHistory.LastChange(events, FieldHistory.Utilization));
        Assert.Null(FieldHistory.LastChange(events[..1], FieldHistory.HealthScore));
    }

    [Fact]
    public void A_change_from_or_to_no_value_has_no_trend()
    {
        RecordEvent[] cleared = [Event("""{"healthScore": 60}""", """{"healthScore": null}""")];
        RecordEvent[] set = [Event("""{"healthScore": 60}""", """{"healthScore": 70}"""), Event("""{"healthScore": 70}""", """{"usage": {"utilization": null}}""")];

        Assert.Null(FieldHistory.LastChange(cleared, FieldHistory.HealthScore));
        Assert.Null(FieldHistory.LastChange(set, FieldHistory.HealthScore));
        Assert.Equal(Trend.Up, FieldHistory.LastChange(set[..1], FieldHistory.HealthScore));
    }

    private static RecordEvent Event(string? before, string after) => new() { Before = before, After = JsonNode.Parse(after)!.ToJsonString() };
}
