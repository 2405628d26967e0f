using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Actions;

/// <summary>The saved actions (docs/workflow-actions.md): the catalogue, and applying one to an execution.</summary>
public sealed class ActionFunctions(WorkflowRequests requests, SavedActionCatalog catalog, ActionRunner runner, TimeProvider timeProvider)
{
    public const string Area = "actions";

    /// <summary>An action's params are a few short fields.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    [Function("ListSavedActions")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/actions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!requests.TryAccess(request, out _, out var problem))
        {
            return problem!;
        }

        var actions = await catalog.ListAsync(cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. actions.Select(a => a.ToJson())]),
            ["continuation"] = null,
        });
    }

    [Function("ExecuteSavedAction")]
    public Task<IResult> ExecuteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/actions/execute")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            """{"actionId": "snooze", "workflowExecutionId": "ex_...", "params": {"until": "2026-05-01T09:00:00Z"}}""",
            fields => ActionRequest.Read(fields, catalog.Actions, timeProvider.GetUtcNow()),
            action => RecordId.NewChild(RecordId.ActionRun, action.CustomerId, timeProvider.GetUtcNow()),
            (access, action, attempt, token) => runner.ExecuteAsync(access, action, attempt, durable, Problems.TraceId(request.HttpContext), token),
            cancellationToken);
}
