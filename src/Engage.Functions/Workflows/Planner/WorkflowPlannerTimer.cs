using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Planner;

/// <summary>
/// On <c>WORKFLOW_PLANNER_CRON</c> (daily): starts the workflows customers newly meet the trigger of
/// (<see cref="WorkflowPlanner"/>). An admin can run it now, as discovery can be: after an import, or in the demo.
/// </summary>
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

    /// <summary>Runs the planner within the request, since a run starts each due workflow once however often it runs.</summary>
    [Function("RunWorkflowPlanner")]
    public async Task<IResult> RunNowAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "workflows/planner/run")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var run = await planner.RunAsync(durable, cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["customers"] = run.Customers,
            ["started"] = run.Started,
            ["existing"] = run.Existing,
            ["failed"] = run.Failed,
        });
    }
}
