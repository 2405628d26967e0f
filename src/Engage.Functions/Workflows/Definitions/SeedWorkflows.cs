using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>
/// The three workflows every installation starts with, stored as version 1 on first use (docs/workflow-definitions.md).
/// Changing one here changes nothing stored; a change is a new version through the admin route.
/// </summary>
public static class SeedWorkflows
{
    public const string RenewalPreparation = "renewal-preparation";
    public const string Qbr = "qbr";
    public const string RiskReview = "risk-review";

    public static IReadOnlyList<(string Id, string Name, string Description, WorkflowTrigger Trigger, IReadOnlyList<WorkflowStepDefinition> Steps)> All { get; } =
    [
        (RenewalPreparation, "Renewal preparation", "Get ahead of the renewal: know the account, plan the conversation, reach out and settle the terms.",
            new WorkflowTrigger(WorkflowTrigger.RenewalStage, Stage: RenewalStages.Prepare),
            [
                new("review-account", StepTypes.Review, "Review the account", "Check health, usage, the ARR trend and open support tickets before reaching out.", TimeSpan.FromDays(3), false),
                new("plan-renewal", StepTypes.Chat, "Plan the renewal conversation", "Work out the renewal's risks, the expansion room and the message with the assistant.", TimeSpan.FromDays(5), false),
                new("send-outreach", StepTypes.Task, "Send the renewal outreach", "Email the champion and the economic buyer to open the renewal.", TimeSpan.FromDays(7), true),
                new("confirm-terms", StepTypes.Action, "Confirm the renewal terms", "Agree price, term and seats, and hand over to the account executive.", null, false),
            ]),
        (Qbr, "Quarterly business review", "Show the account what it got this quarter and agree the goals of the next.",
            new WorkflowTrigger(WorkflowTrigger.AccountPlan, Plan: AccountPlans.Expand),
            [
                new("gather-outcomes", StepTypes.Review, "Gather the quarter's outcomes", "Collect usage, adoption and the goals met since the last QBR.", TimeSpan.FromDays(5), false),
                new("prepare-deck", StepTypes.Task, "Prepare the QBR deck", "Build the deck with the outcomes, the roadmap and the expansion proposal.", TimeSpan.FromDays(7), true),
                new("hold-qbr", StepTypes.Action, "Hold the QBR", "Meet the sponsor, present, and agree next quarter's goals.", TimeSpan.FromDays(14), false),
                new("send-summary", StepTypes.Chat, "Send the QBR summary", "Draft the follow-up email with the decisions and owners.", TimeSpan.FromDays(2), false),
            ]),
        (RiskReview, "Risk review", "A high-value account is unhealthy: find out why and agree a save plan.",
            new WorkflowTrigger(WorkflowTrigger.AccountPlan, Plan: AccountPlans.Invest),
            [
                new("assess-risk", StepTypes.Chat, "Assess the risk", "Find the causes in health, usage, support tickets and recent meetings.", TimeSpan.FromDays(2), false),
                new("save-plan", StepTypes.Review, "Agree a save plan", "Agree the actions, owners and dates with the account team.", TimeSpan.FromDays(3), false),
                new("executive-outreach", StepTypes.Task, "Reach the executive sponsor", "Book a call between the sponsor and our executive.", TimeSpan.FromDays(5), true),
            ]),
    ];
}
