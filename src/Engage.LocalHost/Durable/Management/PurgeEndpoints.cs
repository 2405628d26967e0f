using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// <c>DELETE /instances/{id}</c> and <c>DELETE /instances?createdTimeFrom=..</c>: 200 <c>{"instancesDeleted": N}</c>,
/// or 404 when nothing was deleted. Only finished instances are purged: removing the history of one that still
/// runs would leave its queued messages replaying an instance that no longer exists.
/// </summary>
public static class PurgeEndpoints
{
    public static async Task<IResult> PurgeAsync(string instanceId, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var instance = await client.GetInstanceAsync(id, cancellation: cancellationToken);
        if (instance is null)
        {
            return ManagementProblems.NotFound(id);
        }

        if (!InstanceStatuses.Finished.Contains(instance.RuntimeStatus))
        {
            return ManagementProblems.Conflict($"Instance '{id}' is {instance.RuntimeStatus}; only a finished instance can be purged, so terminate it first.");
        }

        var purged = await client.PurgeInstanceAsync(id, cancellation: cancellationToken);
        return purged.PurgedInstanceCount == 0 ? ManagementProblems.NotFound(id) : Deleted(purged);
    }

    /// <summary>
    /// Finished instances created from <c>createdTimeFrom</c> (required) to <c>createdTimeTo</c> (default now),
    /// optionally only those in the finished <c>runtimeStatus</c>es named.
    /// </summary>
    public static async Task<IResult> PurgeManyAsync(HttpRequest request, [FromServices] DurableTaskClient client, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        var from = ManagementQuery.Time(request.Query, "createdTimeFrom")
            ?? throw new BadManagementRequestException("Query parameter 'createdTimeFrom' is required: the purge removes finished instances created from then on.");
        var to = ManagementQuery.Time(request.Query, "createdTimeTo") ?? time.GetUtcNow();
        var statuses = ManagementQuery.Statuses(request.Query) ?? InstanceStatuses.Finished;
        if (statuses.Where(s => !InstanceStatuses.Finished.Contains(s)).ToList() is { Count: > 0 } unfinished)
        {
            throw new BadManagementRequestException(
                $"Only finished instances ({string.Join(", ", InstanceStatuses.Finished)}) can be purged, not {string.Join(", ", unfinished)}.");
        }

        var purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, to, statuses), cancellation: cancellationToken);
        return purged.PurgedInstanceCount == 0
            ? TypedResults.Problem($"No finished instance created from {from:O} to {to:O} matched.", statusCode: StatusCodes.Status404NotFound)
            : Deleted(purged);
    }

    private static IResult Deleted(PurgeResult purged) =>
        TypedResults.Json(new JsonObject { ["instancesDeleted"] = purged.PurgedInstanceCount });
}
