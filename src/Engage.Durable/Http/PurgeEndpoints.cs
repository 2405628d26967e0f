using Engage.Durable.Client;
using Engage.Durable.Orchestration;
using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

/// <summary><c>DELETE /instances/{id}</c> and <c>DELETE /instances?createdTimeFrom=..</c>.</summary>
internal static class PurgeEndpoints
{
    /// <summary>200 <c>{"instancesDeleted":1}</c>, 404, or 412 for an instance that has not finished (Durable's code answers 412 too).</summary>
    public static async Task<IResult> PurgeAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var instance = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
        if (instance is null)
        {
            return ManagementProblems.NotFound(id);
        }

        if (!instance.IsCompleted)
        {
            return Results.Problem(
                $"Instance '{id}' is {instance.RuntimeStatus}; only finished instances can be purged. Terminate it first.",
                statusCode: StatusCodes.Status412PreconditionFailed);
        }

        var purged = await client.PurgeInstanceAsync(id, cancellationToken);
        return purged.PurgedInstanceCount == 0 ? ManagementProblems.NotFound(id) : Deleted(purged);
    }

    /// <summary>
    /// Finished instances created in [createdTimeFrom, createdTimeTo (default now)], optionally only
    /// in the given runtime statuses. Durable would also purge running instances named in
    /// runtimeStatus; this engine never purges a running instance, so naming one is a 400.
    /// </summary>
    public static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableTaskClient client, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var from = request.Time("createdTimeFrom")
            ?? throw new BadManagementRequestException("Query parameter 'createdTimeFrom' is required: the purge removes finished instances created from then on.");
        var to = request.Time("createdTimeTo") ?? timeProvider.GetUtcNow();
        var statuses = request.Statuses();
        if (statuses?.Where(s => !s.IsTerminal()).ToList() is { Count: > 0 } unfinished)
        {
            throw new BadManagementRequestException(
                $"Only finished instances (Completed, Failed, Terminated, Canceled) can be purged, not {string.Join(", ", unfinished)}.");
        }

        var purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, to, statuses), cancellationToken);
        return purged.PurgedInstanceCount == 0
            ? Results.Problem($"No finished instances created from {from:O} to {to:O} matched.", statusCode: StatusCodes.Status404NotFound)
            : Deleted(purged);
    }

    private static IResult Deleted(PurgeResult purged) =>
        Results.Json(new PurgeHistoryPayload(purged.PurgedInstanceCount), ManagementJson.Options);
}
