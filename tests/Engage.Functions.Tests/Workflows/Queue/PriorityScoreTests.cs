using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Tests.Workflows.Queue;

public sealed class PriorityScoreTests
{
    [Fact]
    public void Each_input_adds_its_documented_weight()
    {
        Assert.Equal(0, PriorityScore.Compute(null, null, null, null, escalated: false));
        Assert.Equal(40, PriorityScore.Compute(0, null, null, null, false));
        Assert.Equal(40, PriorityScore.Compute(-30, null, null, null, false));
        Assert.Equal(20, PriorityScore.Compute(183, null, null, null, false), 0);
        Assert.Equal(0, PriorityScore.Compute(365, null, null, null, false));
        Assert.Equal(25, PriorityScore.Compute(null, 1_000_000, null, null, false));
        Assert.Equal(12.5, PriorityScore.Compute(null, 250_000, null, null, false));
        Assert.Equal(20, PriorityScore.Compute(null, null, 0, null, false));
        Assert.Equal(0, PriorityScore.Compute(null, null, 100, null, false));
        Assert.Equal(15, PriorityScore.Compute(null, null, null, AccountPlans.Invest, false));
        Assert.Equal(10, PriorityScore.Compute(null, null, null, AccountPlans.Expand, false));
        Assert.Equal(6, PriorityScore.Compute(null, null, null, AccountPlans.Monitor, false));
        Assert.Equal(3, PriorityScore.Compute(null, null, null, AccountPlans.Manage, false));
        Assert.Equal(10, PriorityScore.Compute(null, null, null, null, escalated: true));
    }

    [Fact]
    public void The_score_never_passes_100()
    {
        Assert.Equal(100, PriorityScore.Compute(-10, 5_000_000, 0, AccountPlans.Invest, escalated: true));
    }

    [Fact]
    public void A_nearer_renewal_ranks_higher_all_else_equal()
    {
        Assert.True(PriorityScore.Compute(10, 50_000, 70, AccountPlans.Manage, false) > PriorityScore.Compute(100, 50_000, 70, AccountPlans.Manage, false));
    }
}
