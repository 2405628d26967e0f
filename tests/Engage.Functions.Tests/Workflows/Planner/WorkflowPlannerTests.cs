using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Planner;
using Engage.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows.Planner;

/// <summary>Runs on an Azurite of its own: the planner reads every customer in the account.</summary>
public sealed class WorkflowPlannerTests
{
    [Fact]
    public async Task The_planner_starts_each_due_workflow_once_however_often_it_runs_and_again_in_a_new_renewal_cycle()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = new WorkflowsAppFactory(azurite);
        app.CreateClient().Dispose();
        var services = app.Services;
        var durable = services.GetRequiredService<DurableTaskClient>();
        var preparing = await TestCustomers.CreateAsync(app, "ana@example.com", daysUntilRenewal: 150, arr: 50_000, health: 80);
        var growing = await TestCustomers.CreateAsync(app, "ana@example.com", daysUntilRenewal: 300, arr: 200_000, health: 85);
        var atRisk = await TestCustomers.CreateAsync(app, "bo@example.com", daysUntilRenewal: 100, arr: 200_000, health: 40);
        var quiet = await TestCustomers.CreateAsync(app, "bo@example.com", daysUntilRenewal: 400, arr: 50_000, health: 80);
        var lapsed = await TestCustomers.CreateAsync(app, null, daysUntilRenewal: -5, arr: 50_000, health: 80);
        var timer = ActivatorUtilities.CreateInstance<WorkflowPlannerTimer>(services);
        var planner = services.GetRequiredService<WorkflowPlanner>();

        var first = await planner.RunAsync(durable, CancellationToken.None);
        await timer.RunAsync(new TimerInfo(), durable, CancellationToken.None);
        var third = await planner.RunAsync(durable, CancellationToken.None);

        Assert.Equal(new PlannerRun(5, 4, 0, 0), first);
        Assert.Equal(new PlannerRun(5, 0, 4, 0), third);
        Assert.Equal([SeedWorkflows.RenewalPreparation], await WorkflowsOfAsync(services, preparing));
        Assert.Equal([SeedWorkflows.Qbr], await WorkflowsOfAsync(services, growing));
        Assert.Equal([SeedWorkflows.RenewalPreparation, SeedWorkflows.RiskReview], await WorkflowsOfAsync(services, atRisk));
        Assert.Empty(await WorkflowsOfAsync(services, quiet));
        Assert.Empty(await WorkflowsOfAsync(services, lapsed));
        var planned = await ExecutionsOfAsync(services, preparing);
        var execution = Assert.Single(planned);
        Assert.Equal(PlannerTriggers.ExecutionId(preparing, SeedWorkflows.RenewalPreparation), execution.Id);
        Assert.Equal(ExecutionState.PlannerTrigger, execution.Trigger);
        Assert.Equal("ana@example.com", execution.Owner);
        Assert.NotNull(await durable.GetInstanceAsync(execution.Id));

        var renewed = await TestCustomers.ChangeAsync(services, preparing, c => c.RenewalDate = TestCustomers.RenewalIn(160));
        var nextCycle = await planner.RunAsync(durable, CancellationToken.None);

        Assert.Equal(new PlannerRun(5, 1, 3, 0), nextCycle);
        var both = await ExecutionsOfAsync(services, renewed);
        Assert.Equal(2, both.Count);
        Assert.Contains(both, e => e.Id == PlannerTriggers.ExecutionId(renewed, SeedWorkflows.RenewalPreparation));
    }

    [Fact]
    public async Task An_admin_can_run_the_planner_now_and_a_second_run_starts_nothing_again()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = new WorkflowsAppFactory(azurite);
        var admin = new WorkflowsClient(app.CreateClient());
        var services = app.Services;
        var preparing = await TestCustomers.CreateAsync(app, "ana@example.com", daysUntilRenewal: 150, arr: 50_000, health: 80);

        using var first = await admin.PostAsync("/api/workflows/planner/run", null);
        using var second = await admin.PostAsync("/api/workflows/planner/run", null);

        Assert.Equal(System.Net.HttpStatusCode.OK, first.Status);
        Assert.Equal(1, first.Json["started"]!.GetValue<int>());
        Assert.Equal(0, second.Json["started"]!.GetValue<int>());
        Assert.Equal(1, second.Json["existing"]!.GetValue<int>());
        Assert.Equal([SeedWorkflows.RenewalPreparation], await WorkflowsOfAsync(services, preparing));
    }

    [Fact]
    public async Task A_planned_execution_that_has_ended_is_not_started_again_in_the_same_cycle()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = new WorkflowsAppFactory(azurite);
        var admin = new WorkflowsClient(app.CreateClient());
        var durable = app.Services.GetRequiredService<DurableTaskClient>();
        var customer = await TestCustomers.CreateAsync(app, "cy@example.com", daysUntilRenewal: 150);
        var planner = app.Services.GetRequiredService<WorkflowPlanner>();
        await planner.RunAsync(durable, CancellationToken.None);
        var id = PlannerTriggers.ExecutionId(customer, SeedWorkflows.RenewalPreparation);
        using var cancelled = await admin.PostAsync($"/api/workflows/executions/{id}/cancel", null);
        await durable.WaitForInstanceCompletionAsync(id);
        await durable.PurgeInstanceAsync(id);

        var again = await planner.RunAsync(durable, CancellationToken.None);

        Assert.Equal(System.Net.HttpStatusCode.OK, cancelled.Status);
        Assert.Equal(new PlannerRun(1, 0, 1, 0), again);
        Assert.Null(await durable.GetInstanceAsync(id));
    }

    private static async Task<List<WorkflowExecution>> ExecutionsOfAsync(IServiceProvider services, Customer customer)
    {
        var executions = new List<WorkflowExecution>();
        await foreach (var execution in services.GetRequiredService<CustomerRecords>().ListAsync<WorkflowExecution>(customer.Id, WorkflowExecution.Kind, null, CancellationToken.None))
        {
            executions.Add(execution);
        }

        return executions;
    }

    private static async Task<IReadOnlyList<string>> WorkflowsOfAsync(IServiceProvider services, Customer customer) =>
        [.. (await ExecutionsOfAsync(services, customer)).Select(e => e.WorkflowId).Order(StringComparer.Ordinal)];
}
