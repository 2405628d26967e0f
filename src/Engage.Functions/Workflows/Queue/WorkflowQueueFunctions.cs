using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Workflows.Customers;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Queue;

/// <summary>
/// The queue: active, not snoozed executions, highest priority first (docs/workflow-queue.md). A non-admin reads
/// their own queue only: <c>owner</c> defaults to them, and naming anyone else is a 403. An admin reads anyone's, or
/// everyone's when <c>owner</c> is left out.
/// </summary>
public sealed class WorkflowQueueFunctions(CallerIdentity identity, WorkflowQueue queue)
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    [Function("GetWorkflowQueue")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/queue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unauthorized))
        {
            return unauthorized!;
        }

        var owner = QueryParameters.Text(request, "owner");
        if (owner is not null && (owner.Trim().Length > CustomerFields.UserIdLength || owner.Any(char.IsControl)))
        {
            return Problems.Validation($"owner is a user id of at most {CustomerFields.UserIdLength} characters, without control characters.");
        }

        owner = owner?.Trim();
        if (owner is not null && !caller.MaySee(owner))
        {
            return TypedResults.Problem(
                detail: $"You may read your own queue only (owner={caller.UserId}, or leave owner out); everyone's queues need the {Caller.AdminRole} role.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed.");
        }

        owner ??= caller.IsAdmin ? null : caller.UserId;
        if (!QueryParameters.TryReadWholeNumber(request, "limit", DefaultLimit, 1, MaxLimit, out var limit, out var problem))
        {
            return problem!;
        }

        var partition = WorkflowQueue.PartitionFor(owner);
        string? after = null;
        if (QueryParameters.Text(request, "continuation") is { } token && !QueueListPosition.TryDecode(token, partition, out after, out var refused))
        {
            return Problems.Validation(refused);
        }

        var (entries, next) = await queue.PageAsync(owner, limit, after, cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. entries.Select(e => e.ToJson())]),
            ["continuation"] = next is null ? null : new QueueListPosition(partition, next).Encode(),
        });
    }
}
