using Engage.Functions.Workflows.Context;

namespace Engage.Functions.Tests.Workflows.Context;

public sealed class ContextScoresTests
{
    [Fact]
    public void Without_a_health_score_there_is_no_risk_or_opportunity_score()
    {
        Assert.Null(ContextScores.Risk(null, 0, 100, 200, 5));
        Assert.Null(ContextScores.Opportunity(null, 200, 100, 5, 1));
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(0, 100)]
    [InlineData(50, 50)]
    public void With_health_alone_risk_is_the_missing_health_and_opportunity_the_health(int health, int risk)
    {
        Assert.Equal(risk, ContextScores.Risk(health, null, null, null, null));
        Assert.Equal(health, ContextScores.Opportunity(health, null, null, null, null));
    }

    [Theory]
    [InlineData(-30, 100)]
    [InlineData(0, 100)]
    [InlineData(90, 50)]
    [InlineData(180, 0)]
    [InlineData(400, 0)]
    public void Renewal_proximity_adds_all_its_risk_when_due_and_none_from_180_days_out(int days, int proximity)
    {
        // Health 100 adds no risk, so the score is proximity's share: 25 / (40 + 25) of it.
        Assert.Equal((int)Math.Round(proximity * 25 / 65.0, MidpointRounding.AwayFromZero), ContextScores.Risk(100, days, null, null, null));
    }

    [Theory]
    [InlineData(75, 100, 100, 0)]
    [InlineData(100, 100, 0, 0)]
    [InlineData(87.5, 100, 50, 0)]
    [InlineData(125, 100, 0, 100)]
    [InlineData(150, 100, 0, 100)]
    [InlineData(100, 0, 0, 0)]
    public void A_quarter_of_arr_lost_is_all_the_decline_risk_and_a_quarter_gained_all_the_growth(double arr, double previousArr, int decline, int growth)
    {
        // Health 100 adds no risk and full opportunity; without a previous ARR the ARR signal is left out.
        var withArr = previousArr > 0;
        Assert.Equal(withArr ? (int)Math.Round(decline * 20 / 60.0, MidpointRounding.AwayFromZero) : 0, ContextScores.Risk(100, null, arr, previousArr, null));
        Assert.Equal(withArr ? (int)Math.Round(((35 * 100) + (growth * 25)) / 60.0, MidpointRounding.AwayFromZero) : 100, ContextScores.Opportunity(100, arr, previousArr, null, null));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 20)]
    [InlineData(5, 100)]
    [InlineData(12, 100)]
    public void Five_risks_or_goals_in_the_summary_count_fully(int count, int share)
    {
        // Health 100 adds no risk, health 0 no opportunity: the score is the count's share.
        Assert.Equal((int)Math.Round(share * 15 / 55.0, MidpointRounding.AwayFromZero), ContextScores.Risk(100, null, null, null, count));
        Assert.Equal((int)Math.Round(share * 20 / 55.0, MidpointRounding.AwayFromZero), ContextScores.Opportunity(0, null, null, count, null));
    }

    [Fact]
    public void Every_signal_weighs_as_documented()
    {
        // Health 40 (risk 0.6, opportunity 0.4), due in 90 days (0.5), ARR down 12.5% (decline 0.5, growth 0),
        // 2 risks (0.4), 3 goals (0.6), utilization 0.7: risk 52.5 rounds up.
        Assert.Equal(53, ContextScores.Risk(40, 90, 87_500, 100_000, 2));
        Assert.Equal(40, ContextScores.Opportunity(40, 87_500, 100_000, 3, 0.7));
    }
}
