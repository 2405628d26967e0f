using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Workflows.Queue;

/// <summary>
/// How urgent an execution is, 0 to 100 (one decimal), so the queue puts the account that most needs its CSM first
/// (docs/workflow-queue.md). Renewal proximity weighs 40 (full at or past the renewal date, none a year or more out),
/// ARR 25 (by its square root, full at 1,000,000), health 20 (full at 0, none at 100), the account plan 15 (invest 15,
/// expand 10, monitor 6, manage 3). An escalated execution gets 10 more, up to 100. A missing input adds nothing.
/// </summary>
public static class PriorityScore
{
    public const double ProximityWeight = 40;
    public const double ArrWeight = 25;
    public const double HealthWeight = 20;
    public const double PlanWeight = 15;
    public const double EscalationBonus = 10;
    public const double FullArr = 1_000_000;
    public const int ProximityHorizonDays = 365;

    public static double Compute(int? daysUntilRenewal, double? arr, int? healthScore, string? accountPlan, bool escalated)
    {
        var score = 0.0;
        if (daysUntilRenewal is { } days)
        {
            score += ProximityWeight * Math.Clamp(1 - ((double)days / ProximityHorizonDays), 0, 1);
        }

        if (arr is { } value)
        {
            score += ArrWeight * Math.Min(1, Math.Sqrt(Math.Max(0, value) / FullArr));
        }

        if (healthScore is { } health)
        {
            score += HealthWeight * (100 - Math.Clamp(health, 0, 100)) / 100.0;
        }

        score += accountPlan switch
        {
            AccountPlans.Invest => PlanWeight,
            AccountPlans.Expand => PlanWeight * 10 / 15,
            AccountPlans.Monitor => PlanWeight * 6 / 15,
            AccountPlans.Manage => PlanWeight * 3 / 15,
            _ => 0,
        };

        if (escalated)
        {
            score += EscalationBonus;
        }

        return Math.Round(Math.Min(100, score), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The score of an execution of <paramref name="customer"/> on <paramref name="today"/>.</summary>
    public static double For(Customer customer, DateOnly today, bool escalated) => Compute(
        CustomerRules.DaysUntilRenewal(customer, today),
        customer.Arr,
        customer.HealthScore,
        customer.AccountPlan,
        escalated);
}
