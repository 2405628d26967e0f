using Engage.Functions.Hosting;

namespace Engage.Functions.Workflows.Customers;

/// <summary>The renewal stages, nearest first. A customer is in the first stage whose lower bound its days until renewal reach.</summary>
public static class RenewalStages
{
    public const string Overdue = "Overdue";
    public const string Emergency = "Emergency";
    public const string Critical = "Critical";
    public const string Signature = "Signature";
    public const string Finalize = "Finalize";
    public const string Negotiate = "Negotiate";
    public const string Engage = "Engage";
    public const string Prepare = "Prepare";
    public const string Monitor = "Monitor";

    /// <summary>All nine, from the renewal that is past to the one far away.</summary>
    public static readonly IReadOnlyList<string> All = [Overdue, Emergency, Critical, Signature, Finalize, Negotiate, Engage, Prepare, Monitor];
}

/// <summary>The account plans: where a CSM's effort on an account goes.</summary>
public static class AccountPlans
{
    /// <summary>High ARR, health below the line: worth investing effort to save.</summary>
    public const string Invest = "invest";

    /// <summary>Lower ARR, healthy: keep it running.</summary>
    public const string Manage = "manage";

    /// <summary>Lower ARR, health below the line: watch it.</summary>
    public const string Monitor = "monitor";

    /// <summary>High ARR, healthy: grow it.</summary>
    public const string Expand = "expand";

    public static readonly IReadOnlyList<string> All = [Invest, Manage, Monitor, Expand];
}

/// <summary>
/// The thresholds of <see cref="CustomerRules"/>, from app settings (docs/workflow-customer-rules.md).
/// <see cref="StageStartDays"/> are the lower bounds, in days until renewal, of Emergency through Monitor; fewer than 0 days is Overdue.
/// </summary>
public sealed record CustomerRuleOptions(IReadOnlyList<int> StageStartDays, double HighArr, int HealthyScore)
{
    public const string StageDaysSetting = "RENEWAL_STAGE_START_DAYS";
    public const string HighArrSetting = "ACCOUNT_PLAN_HIGH_ARR";
    public const string HealthySetting = "ACCOUNT_PLAN_HEALTHY_SCORE";

    public static readonly CustomerRuleOptions Default = new([0, 8, 15, 31, 61, 91, 121, 181], 100_000, 70);

    public static CustomerRuleOptions From(IConfiguration configuration)
    {
        var days = Default.StageStartDays;
        if (SettingReader.Text(configuration[StageDaysSetting]) is { } text)
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            var parsed = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : (int?)null).ToList();
            if (parsed.Count != RenewalStages.All.Count - 1 || parsed.Any(d => d is null) || parsed[0] != 0 || parsed.Zip(parsed.Skip(1)).Any(pair => pair.First >= pair.Second))
            {
                throw new InvalidOperationException(
                    $"Setting {StageDaysSetting} must be {RenewalStages.All.Count - 1} rising whole numbers of days starting at 0 (the first days of Emergency through Monitor), such as 0,8,15,31,61,91,121,181; not '{text}'.");
            }

            days = [.. parsed.Select(d => d!.Value)];
        }

        return new(
            days,
            SettingReader.WholeNumber(configuration, HighArrSetting, (int)Default.HighArr, 0, int.MaxValue),
            SettingReader.WholeNumber(configuration, HealthySetting, Default.HealthyScore, 0, 100));
    }
}

/// <summary>The two derived fields of a customer, as pure functions of its data, the thresholds and today.</summary>
public static class CustomerRules
{
    /// <summary>Whole days from <paramref name="today"/> to the renewal date; negative once it is past.</summary>
    public static int DaysUntilRenewal(DateOnly renewalDate, DateOnly today) => renewalDate.DayNumber - today.DayNumber;

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
        customer.RenewalStage = customer.RenewalDate is { } renewal
            ? RenewalStage(DaysUntilRenewal(DateOnly.FromDateTime(renewal.UtcDateTime), today), options)
            : null;
        customer.AccountPlan = customer.Arr is { } arr && customer.HealthScore is { } health ? AccountPlan(arr, health, options) : null;
    }
}
