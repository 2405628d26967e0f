using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Planner;

/// <summary>
/// Starts the workflows customers newly meet the trigger of: for every customer and the latest version of every
/// workflow with a trigger, the one execution of that customer, workflow and renewal cycle
/// (<see cref="PlannerTriggers.ExecutionId"/>), unless it exists. Running it again starts nothing twice.
/// </summary>
public sealed partial class WorkflowPlanner(
    CustomerRecords records,
    WorkflowDefinitions definitions,
    ExecutionStarter starter,
    CustomerRuleOptions options,
    TimeProvider timeProvider,
    ILogger<WorkflowPlanner> logger)
{
    public const string Actor = "planner";
    private const int PageSize = 500;

    public async Task<PlannerRun> RunAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var workflows = (await definitions.LatestAsync(cancellationToken)).Where(d => d.GetTrigger().Type != WorkflowTrigger.Manual).ToList();
        var run = new PlannerRun(0, 0, 0, 0);
        string? continuation = null;
        do
        {
            var page = await records.PageAcrossCustomersAsync<Customer>(Customer.Kind, null, PageSize, continuation, cancellationToken);
            foreach (var customer in page.Values)
            {
                run = run with { Customers = run.Customers + 1 };
                foreach (var workflow in workflows.Where(w => PlannerTriggers.Meets(w.GetTrigger(), customer, today, options)))
                {
                    run = await StartOnceAsync(durable, customer, workflow, run, cancellationToken);
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        LogRun(run.Customers, run.Started, run.Existing, run.Failed);
        return run;
    }

    private async Task<PlannerRun> StartOnceAsync(DurableTaskClient durable, Customer customer, WorkflowDefinition workflow, PlannerRun run, CancellationToken cancellationToken)
    {
        var executionId = PlannerTriggers.ExecutionId(customer, workflow.Id);
        try
        {
            return await starter.StartPlannedAsync(durable, customer, workflow, executionId, Actor, cancellationToken)
                ? run with { Started = run.Started + 1 }
                : run with { Existing = run.Existing + 1 };
        }
        catch (ExecutionNotScheduledException e)
        {
            // Its row stays open, and the next run schedules it.
            LogNotScheduled(e.ExecutionId, customer.Id, workflow.Id);
            return run with { Failed = run.Failed + 1 };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow planner: {Customers} customers, {Started} executions started, {Existing} already there, {Failed} not scheduled")]
    private partial void LogRun(int customers, int started, int existing, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow planner: execution {ExecutionId} of {WorkflowId} for {CustomerId} could not be scheduled; the next run tries again")]
    private partial void LogNotScheduled(string executionId, string customerId, string workflowId);
}

/// <summary>What one planner run did.</summary>
/// <param name="Started">Executions started, or whose half-done start this run completed.</param>
/// <param name="Existing">Executions due that were there already.</param>
public sealed record PlannerRun(int Customers, int Started, int Existing, int Failed);
