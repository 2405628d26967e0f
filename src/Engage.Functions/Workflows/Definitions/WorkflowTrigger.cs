using System.Text.Json.Serialization;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>
/// When the planner starts a workflow for a customer: on reaching a renewal stage (<see cref="Stage"/>), while on an
/// account plan (<see cref="Plan"/>), or never (<c>manual</c>: started by hand only). Any workflow can be started by hand.
/// </summary>
public sealed record WorkflowTrigger(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("stage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stage = null,
    [property: JsonPropertyName("plan"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Plan = null)
{
    public const string RenewalStage = "renewal_stage";
    public const string AccountPlan = "account_plan";
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> Types = [RenewalStage, AccountPlan, Manual];
}
