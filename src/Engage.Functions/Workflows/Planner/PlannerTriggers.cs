using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;

namespace Engage.Functions.Workflows.Planner;

/// <summary>
/// Whether a customer meets a workflow's trigger today, from its data rather than its stored derived fields, which
/// may be a day old (docs/workflow-planner.md).
/// </summary>
public static class PlannerTriggers
{
    /// <summary>
    /// A renewal-stage trigger is met once the customer has reached that stage in this renewal cycle: it is in the
    /// stage or a nearer one, short of Overdue (a planner that was down, or a customer added late, still starts the
    /// workflow). An account-plan trigger is met while the customer is on that plan. A manual trigger never is.
    /// </summary>
    public static bool Meets(WorkflowTrigger trigger, Customer customer, DateOnly today, CustomerRuleOptions options)
    {
        switch (trigger.Type)
        {
            case WorkflowTrigger.RenewalStage when CustomerRules.DaysUntilRenewal(customer, today) is { } days && trigger.Stage is { } stage:
                var current = CustomerRules.RenewalStage(days, options);
                var stages = RenewalStages.All.ToList();
                return current != RenewalStages.Overdue && stages.IndexOf(current) <= stages.IndexOf(stage);
            case WorkflowTrigger.AccountPlan when customer is { Arr: { } arr, HealthScore: { } health }:
                return CustomerRules.AccountPlan(arr, health, options) == trigger.Plan;
            default:
                return false;
        }
    }

    /// <summary>
    /// The id of the one execution of <paramref name="workflowId"/> the planner starts for <paramref name="customer"/>
    /// in its current renewal cycle (the cycle is the renewal date; a customer without one has a single cycle).
    /// </summary>
    public static string ExecutionId(Customer customer, string workflowId)
    {
        var cycle = customer.RenewalDate is { } renewal ? DateOnly.FromDateTime(renewal.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "none";
        return Records.RecordId.StableChild(Records.RecordId.Execution, customer.Id, $"{workflowId}|{cycle}");
    }
}
