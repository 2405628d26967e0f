using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Planner;

/// <summary>On <c>WORKFLOW_PLANNER_CRON</c> (daily): starts the workflows customers newly meet the trigger of (<see cref="WorkflowPlanner"/>).</summary>
public sealed class WorkflowPlannerTimer(WorkflowPlanner planner)
{
    public const string FunctionName = "WorkflowPlanner";
    public const string ScheduleSetting = "WORKFLOW_PLANNER_CRON";

    [Function(FunctionName)]
    public Task RunAsync(
        [TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        planner.RunAsync(durable, cancellationToken);
}
