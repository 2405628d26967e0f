namespace Engage.Functions.Workflows.Customers;

/// <summary>The two derived fields of a customer, as pure functions of its data, the thresholds and today.</summary>
public static class CustomerRules
{
    /// <summary>The date the rules count days from: today in UTC.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Whole days from <paramref name="today"/> to the renewal date; negative once it is past.</summary>
    public static int DaysUntilRenewal(DateOnly renewalDate, DateOnly today) => renewalDate.DayNumber - today.DayNumber;

    /// <summary>The customer's days until renewal; null without a renewal date.</summary>
    public static int? DaysUntilRenewal(Customer customer, DateOnly today) =>
        customer.RenewalDate is { } renewal ? DaysUntilRenewal(DateOnly.FromDateTime(renewal.UtcDateTime), today) : null;

    public static string RenewalStage(int daysUntilRenewal, CustomerRuleOptions options)
    {
        if (daysUntilRenewal < options.StageStartDays[0])
        {
            return RenewalStages.Overdue;
        }

        var stage = 0;
        while (stage + 1 < options.StageStartDays.Count && daysUntilRenewal >= options.StageStartDays[stage + 1])
        {
            stage++;
        }

        return RenewalStages.All[stage + 1];
    }

    public static string AccountPlan(double arr, int healthScore, CustomerRuleOptions options) =>
        (arr >= options.HighArr, healthScore >= options.HealthyScore) switch
        {
            (true, true) => AccountPlans.Expand,
            (true, false) => AccountPlans.Invest,
            (false, true) => AccountPlans.Manage,
            (false, false) => AccountPlans.Monitor,
        };

    /// <summary>Sets the customer's derived fields from its data; a field whose inputs are missing is null.</summary>
    public static void Derive(Customer customer, DateOnly today, CustomerRuleOptions options)
    {
        customer.RenewalStage = DaysUntilRenewal(customer, today) is { } days ? RenewalStage(days, options) : null;
        customer.AccountPlan = customer.Arr is { } arr && customer.HealthScore is { } health ? AccountPlan(arr, health, options) : null;
    }
}
