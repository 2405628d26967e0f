using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary><c>GET /instances/{id}</c> and <c>GET /instances</c>, with Durable Functions' parameters, defaults and status codes.</summary>
public static class InstanceQueryEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>The largest page the instances table answers in one query.</summary>
    public const int MaxPageSize = 1000;

    public static async Task<IResult> GetAsync(string instanceId, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var showHistory = ManagementQuery.Flag(request.Query, "showHistory", false);
        var showHistoryOutput = ManagementQuery.Flag(request.Query, "showHistoryOutput", false);
        var showInput = ManagementQuery.Flag(request.Query, "showInput", true);
        var failureAsServerError = ManagementQuery.Flag(request.Query, "returnInternalServerErrorOnFailure", false);

        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return ManagementProblems.NotFound(id);
        }

        var history = showHistory
            ? HistoryPayload.From(await client.GetOrchestrationHistoryAsync(id, cancellationToken), showHistoryOutput, showInput)
            : null;
        var status = InstanceStatuses.HttpStatusOf(instance.RuntimeStatus, failureAsServerError);
        if (status == StatusCodes.Status202Accepted)
        {
            // Durable Functions asks for 5 s because some clients otherwise poll in a tight loop.
            request.HttpContext.Response.Headers.Location = request.GetEncodedUrl();
            request.HttpContext.Response.Headers.RetryAfter = "5";
        }

        return TypedResults.Json(StatusPayload.From(instance, showInput, history), statusCode: status);
    }

    /// <summary>One page of instances; the next page's token, if any, in the <c>x-ms-continuation-token</c> response header.</summary>
    public static async Task<IResult> ListAsync(HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var showInput = ManagementQuery.Flag(request.Query, "showInput", true);
        var filter = new OrchestrationQuery
        {
            CreatedFrom = ManagementQuery.Time(request.Query, "createdTimeFrom"),
            CreatedTo = ManagementQuery.Time(request.Query, "createdTimeTo"),
            Statuses = ManagementQuery.Statuses(request.Query),
            InstanceIdPrefix = InstanceIds.Prefix(ManagementQuery.Text(request.Query, "instanceIdPrefix")),
            PageSize = ManagementQuery.Number(request.Query, "top", 1, MaxPageSize) ?? OrchestrationQuery.DefaultPageSize,
            ContinuationToken = request.Headers[ContinuationHeader].ToString() is { Length: > 0 } token ? ContinuationTokens.Open(token) : null,
            FetchInputsAndOutputs = true,
        };

        var pages = client.GetAllInstancesAsync(filter).AsPages(filter.ContinuationToken, filter.PageSize).WithCancellation(cancellationToken);
        await foreach (var page in pages)
        {
            if (page.ContinuationToken is { Length: > 0 } next)
            {
                request.HttpContext.Response.Headers[ContinuationHeader] = ContinuationTokens.Seal(next);
            }

            return TypedResults.Json(new JsonArray([.. page.Values.Select(instance => StatusPayload.From(instance, showInput))]));
        }

        return TypedResults.Json(new JsonArray());
    }
}
