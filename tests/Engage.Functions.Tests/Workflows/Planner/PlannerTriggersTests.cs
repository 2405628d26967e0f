using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Planner;

namespace Engage.Functions.Tests.Workflows.Planner;

public sealed class PlannerTriggersTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly WorkflowTrigger Prepare = new(WorkflowTrigger.RenewalStage, Stage: RenewalStages.Prepare);

    [Theory]
    [InlineData(181, false)]
    [InlineData(180, true)]
    [InlineData(121, true)]
    [InlineData(30, true)]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void A_renewal_stage_trigger_is_met_from_that_stage_until_the_renewal_is_overdue(int daysUntilRenewal, bool meets)
    {
        Assert.Equal(meets, PlannerTriggers.Meets(Prepare, Customer(daysUntilRenewal, 50_000, 80), Today, CustomerRuleOptions.Default));
    }

    [Theory]
    [InlineData(100_000, 70, AccountPlans.Expand)]
    [InlineData(99_999, 70, AccountPlans.Manage)]
    [InlineData(100_000, 69, AccountPlans.Invest)]
    [InlineData(99_999, 69, AccountPlans.Monitor)]
    public void An_account_plan_trigger_is_met_by_the_plan_the_customers_data_give_today(double arr, int health, string plan)
    {
        var customer = Customer(400, arr, health);
        customer.AccountPlan = "stale";

        Assert.All(AccountPlans.All, p => Assert.Equal(p == plan, PlannerTriggers.Meets(new WorkflowTrigger(WorkflowTrigger.AccountPlan, Plan: p), customer, Today, CustomerRuleOptions.Default)));
    }

    [Fact]
    public void A_manual_trigger_and_a_customer_without_the_data_meet_nothing()
    {
        var bare = Customer(150, 0, 0);
        bare.RenewalDate = null;
        bare.Arr = null;

        Assert.False(PlannerTriggers.Meets(new WorkflowTrigger(WorkflowTrigger.Manual), Customer(150, 500_000, 90), Today, CustomerRuleOptions.Default));
        Assert.False(PlannerTriggers.Meets(Prepare, bare, Today, CustomerRuleOptions.Default));
        Assert.False(PlannerTriggers.Meets(new WorkflowTrigger(WorkflowTrigger.AccountPlan, Plan: AccountPlans.Monitor), bare, Today, CustomerRuleOptions.Default));
    }

    [Fact]
    public void A_planned_execution_id_is_the_same_within_a_renewal_cycle_and_new_in_the_next()
    {
        var customer = Customer(150, 50_000, 80);
        var id = PlannerTriggers.ExecutionId(customer, "qbr");

        var same = PlannerTriggers.ExecutionId(customer, "qbr");
        var otherWorkflow = PlannerTriggers.ExecutionId(customer, "risk-review");
        customer.RenewalDate = customer.RenewalDate!.Value.AddYears(1);
        var nextCycle = PlannerTriggers.ExecutionId(customer, "qbr");

        Assert.Equal(id, same);
        Assert.True(RecordId.TryGetCustomer(RecordId.Execution, id, out var owner) && owner == customer.Id);
        Assert.NotEqual(id, otherWorkflow);
        Assert.NotEqual(id, nextCycle);
    }

    private static Customer Customer(int daysUntilRenewal, double arr, int health)
    {
        var id = RecordId.NewCustomer();
        return new Customer
        {
            PartitionKey = id,
            RowKey = Functions.Workflows.Customers.Customer.RowKeyFor(id),
            Arr = arr,
            HealthScore = health,
            RenewalDate = new DateTimeOffset(Today.AddDays(daysUntilRenewal).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
    }
}
