namespace Engage.Functions.Workflows.Context;

/// <summary>
/// The context's <c>riskScore</c> and <c>opportunityScore</c>, 0 to 100: weighted means of the signals a customer has,
/// each scaled to 0..1, the weights of missing signals left out (docs/workflow-context.md). Both are null without a
/// health score, the one signal neither can do without.
/// </summary>
public static class ContextScores
{
    public const double RiskHealthWeight = 40;
    public const double RiskProximityWeight = 25;
    public const double RiskArrDeclineWeight = 20;
    public const double RiskRisksWeight = 15;

    public const double OpportunityHealthWeight = 35;
    public const double OpportunityArrGrowthWeight = 25;
    public const double OpportunityGoalsWeight = 20;
    public const double OpportunityUtilizationWeight = 20;

    /// <summary>A renewal this far out (or farther) adds no risk; one due or past adds it all.</summary>
    public const int ProximityHorizonDays = 180;

    /// <summary>An ARR change of this fraction counts fully: a 25% decline is all the decline risk, 25% growth all the growth.</summary>
    public const double FullArrChange = 0.25;

    /// <summary>This many risks (or goals) in the engagement summary count fully.</summary>
    public const int FullCount = 5;

    /// <summary>Risk: low health 40, renewal proximity 25, ARR decline 20, the summary's risks 15.</summary>
    public static int? Risk(int? healthScore, int? daysUntilRenewal, double? arr, double? previousArr, int? risks) =>
        healthScore is not { } health
            ? null
            : Weighted(
                (RiskHealthWeight, (100 - Math.Clamp(health, 0, 100)) / 100.0),
                (RiskProximityWeight, daysUntilRenewal is { } days ? Math.Clamp(1 - ((double)days / ProximityHorizonDays), 0, 1) : null),
                (RiskArrDeclineWeight, ArrChange(arr, previousArr) is { } change ? Math.Clamp(-change / FullArrChange, 0, 1) : null),
                (RiskRisksWeight, Count(risks)));

    /// <summary>Opportunity: health 35, ARR growth 25, the summary's goals 20, licence utilization 20.</summary>
    public static int? Opportunity(int? healthScore, double? arr, double? previousArr, int? goals, double? utilization) =>
        healthScore is not { } health
            ? null
            : Weighted(
                (OpportunityHealthWeight, Math.Clamp(health, 0, 100) / 100.0),
                (OpportunityArrGrowthWeight, ArrChange(arr, previousArr) is { } change ? Math.Clamp(change / FullArrChange, 0, 1) : null),
                (OpportunityGoalsWeight, Count(goals)),
                (OpportunityUtilizationWeight, utilization is { } used ? Math.Clamp(used, 0, 1) : null));

    /// <summary>ARR's change as a fraction of the previous ARR; null without both, or with no previous ARR to divide by.</summary>
    public static double? ArrChange(double? arr, double? previousArr) =>
        arr is { } current && previousArr is { } previous && previous > 0 ? (current - previous) / previous : null;

    private static double? Count(int? count) => count is { } n ? Math.Clamp((double)n / FullCount, 0, 1) : null;

    private static int Weighted(params (double Weight, double? Value)[] signals)
    {
        var present = signals.Where(s => s.Value is not null).ToList();
        var score = 100 * present.Sum(s => s.Weight * s.Value!.Value) / present.Sum(s => s.Weight);
        return (int)Math.Round(score, MidpointRounding.AwayFromZero);
    }
}
