namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// The renewal stages, nearest first. A customer is in the stage whose range of days until renewal holds its own
/// (<see cref="CustomerRuleOptions.StageStartDays"/>, docs/workflow-customer-rules.md).
/// </summary>
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
