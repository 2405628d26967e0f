namespace Engage.Functions.Workflows.Customers;

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
