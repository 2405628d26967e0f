using System.Globalization;
using Engage.Functions.Hosting;

namespace Engage.Functions.Workflows.Customers;

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
            var parsed = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : (int?)null).ToList();
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
