using Engage.Functions.Workflows.Customers;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests.Workflows.Customers;

public sealed class CustomerRulesTests
{
    private static readonly CustomerRuleOptions Defaults = CustomerRuleOptions.Default;

    [Theory]
    [InlineData(-365, RenewalStages.Overdue)]
    [InlineData(-1, RenewalStages.Overdue)]
    [InlineData(0, RenewalStages.Emergency)]
    [InlineData(7, RenewalStages.Emergency)]
    [InlineData(8, RenewalStages.Critical)]
    [InlineData(14, RenewalStages.Critical)]
    [InlineData(15, RenewalStages.Signature)]
    [InlineData(30, RenewalStages.Signature)]
    [InlineData(31, RenewalStages.Finalize)]
    [InlineData(60, RenewalStages.Finalize)]
    [InlineData(61, RenewalStages.Negotiate)]
    [InlineData(90, RenewalStages.Negotiate)]
    [InlineData(91, RenewalStages.Engage)]
    [InlineData(120, RenewalStages.Engage)]
    [InlineData(121, RenewalStages.Prepare)]
    [InlineData(180, RenewalStages.Prepare)]
    [InlineData(181, RenewalStages.Monitor)]
    [InlineData(3650, RenewalStages.Monitor)]
    public void Each_renewal_stage_starts_on_its_first_day_and_ends_the_day_before_the_next(int daysUntilRenewal, string stage) =>
        Assert.Equal(stage, CustomerRules.RenewalStage(daysUntilRenewal, Defaults));

    [Theory]
    [InlineData(100_000, 70, AccountPlans.Expand)]
    [InlineData(99_999.99, 70, AccountPlans.Manage)]
    [InlineData(100_000, 69, AccountPlans.Invest)]
    [InlineData(99_999.99, 69, AccountPlans.Monitor)]
    [InlineData(0, 0, AccountPlans.Monitor)]
    [InlineData(5_000_000, 100, AccountPlans.Expand)]
    public void The_account_plan_splits_on_high_arr_and_a_healthy_score_both_inclusive(double arr, int health, string plan) =>
        Assert.Equal(plan, CustomerRules.AccountPlan(arr, health, Defaults));

    [Fact]
    public void Days_until_renewal_count_whole_days_and_go_negative_once_it_is_past()
    {
        var today = new DateOnly(2026, 3, 2);

        Assert.Equal(0, CustomerRules.DaysUntilRenewal(today, today));
        Assert.Equal(30, CustomerRules.DaysUntilRenewal(new DateOnly(2026, 4, 1), today));
        Assert.Equal(-1, CustomerRules.DaysUntilRenewal(new DateOnly(2026, 3, 1), today));
    }

    [Fact]
    public void Deriving_sets_both_fields_and_leaves_a_field_null_when_its_inputs_are_missing()
    {
        var today = new DateOnly(2026, 3, 2);
        var complete = new Customer { Arr = 250_000, HealthScore = 50, RenewalDate = new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), AccountPlan = "stale", RenewalStage = "stale" };
        var partial = new Customer { Arr = 250_000, AccountPlan = "stale", RenewalStage = "stale" };

        CustomerRules.Derive(complete, today, Defaults);
        CustomerRules.Derive(partial, today, Defaults);

        Assert.Equal((AccountPlans.Invest, RenewalStages.Critical), (complete.AccountPlan, complete.RenewalStage));
        Assert.Equal((null, null), (partial.AccountPlan, partial.RenewalStage));
    }

    [Fact]
    public void Settings_replace_the_thresholds()
    {
        var options = CustomerRuleOptions.From(Settings(
            (CustomerRuleOptions.StageDaysSetting, " 0, 5,10,20,40,60,90,120 "),
            (CustomerRuleOptions.HighArrSetting, "50000"),
            (CustomerRuleOptions.HealthySetting, "80")));

        Assert.Equal([0, 5, 10, 20, 40, 60, 90, 120], options.StageStartDays);
        Assert.Equal(RenewalStages.Critical, CustomerRules.RenewalStage(5, options));
        Assert.Equal(RenewalStages.Monitor, CustomerRules.RenewalStage(120, options));
        Assert.Equal(AccountPlans.Invest, CustomerRules.AccountPlan(50_000, 79, options));
        Assert.Equal(AccountPlans.Expand, CustomerRules.AccountPlan(50_000, 80, options));
    }

    [Fact]
    public void Unset_or_blank_settings_keep_the_defaults()
    {
        Assert.Equal(Defaults.StageStartDays, CustomerRuleOptions.From(Settings()).StageStartDays);
        var blank = CustomerRuleOptions.From(Settings((CustomerRuleOptions.StageDaysSetting, " "), (CustomerRuleOptions.HighArrSetting, ""), (CustomerRuleOptions.HealthySetting, "")));
        Assert.Equal((Defaults.HighArr, Defaults.HealthyScore), (blank.HighArr, blank.HealthyScore));
        Assert.Equal(Defaults.StageStartDays, blank.StageStartDays);
    }

    [Theory]
    [InlineData(CustomerRuleOptions.StageDaysSetting, "0,8,15,31,61,91,121")]
    [InlineData(CustomerRuleOptions.StageDaysSetting, "0,8,15,31,61,91,121,181,365")]
    [InlineData(CustomerRuleOptions.StageDaysSetting, "1,8,15,31,61,91,121,181")]
    [InlineData(CustomerRuleOptions.StageDaysSetting, "0,8,8,31,61,91,121,181")]
    [InlineData(CustomerRuleOptions.StageDaysSetting, "0,15,8,31,61,91,121,181")]
    [InlineData(CustomerRuleOptions.StageDaysSetting, "0,8,15,31,sixty,91,121,181")]
    [InlineData(CustomerRuleOptions.HighArrSetting, "-1")]
    [InlineData(CustomerRuleOptions.HighArrSetting, "100k")]
    [InlineData(CustomerRuleOptions.HealthySetting, "101")]
    [InlineData(CustomerRuleOptions.HealthySetting, "-1")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomerRuleOptions.From(Settings((setting, value))));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
