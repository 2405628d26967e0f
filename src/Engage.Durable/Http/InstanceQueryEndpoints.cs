using Engage.Durable.Client;
using Engage.Durable.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Engage.Durable.Http;

/// <summary><c>GET /instances/{id}</c> and <c>GET /instances</c>, with Durable's parameters, defaults and status codes.</summary>
internal static class InstanceQueryEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Azure Table's largest page.</summary>
    private const int MaxPageSize = 1000;

    public static async Task<IResult> GetAsync(string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var showHistory = request.Flag("showHistory", false);
        var showHistoryOutput = request.Flag("showHistoryOutput", false);
        var showInput = request.Flag("showInput", true);
        var failureIs500 = request.Flag("returnInternalServerErrorOnFailure", false);

        if (await client.GetInstanceWithHistoryAsync(id, withHistory: showHistory, cancellationToken) is not (var instance, var history))
        {
            return ManagementProblems.NotFound(id);
        }

        var historyEvents = history is null ? null : HistoryEventsPayload.Create(history, showHistoryOutput);
        var body = StatusResponsePayload.From(instance, showInput, historyEvents);
        return instance.RuntimeStatus switch
        {
            // Retry-After: 5 as in Durable, which found that some clients otherwise poll in a tight loop.
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew =>
                new HeadersResult(Json(body, StatusCodes.Status202Accepted), ("Location", request.GetEncodedUrl()), ("Retry-After", "5")),
            OrchestrationRuntimeStatus.Failed => Json(body, failureIs500 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK),
            OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled => Json(body, StatusCodes.Status200OK),
            _ => Json(body, StatusCodes.Status500InternalServerError),
        };
    }

    /// <summary>One page of instances; the next page's token, if any, in the <c>x-ms-continuation-token</c> response header.</summary>
    public static async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var showInput = request.Flag("showInput", true);
        var query = new OrchestrationQuery
        {
            CreatedFrom = request.Time("createdTimeFrom"),
            CreatedTo = request.Time("createdTimeTo"),
            Statuses = request.Statuses(),
            InstanceIdPrefix = request.Text("instanceIdPrefix"),
            ContinuationToken = request.Headers[ContinuationHeader].ToString() is { Length: > 0 } token ? token : null,
            FetchInputsAndOutputs = true,
        };
        if (request.Number("top", 1, MaxPageSize) is { } top)
        {
            query = query with { PageSize = top };
        }

        await foreach (var page in client.GetAllInstancesAsync(query, cancellationToken).AsPages(query.ContinuationToken, query.PageSize))
        {
            var body = Json(page.Values.Select(instance => StatusResponsePayload.From(instance, showInput)).ToList(), StatusCodes.Status200OK);
            return page.ContinuationToken is { } next ? new HeadersResult(body, (ContinuationHeader, next)) : body;
        }

        return Json(Array.Empty<StatusResponsePayload>(), StatusCodes.Status200OK);
    }

    private static IResult Json<T>(T body, int statusCode) => Results.Json(body, ManagementJson.Options, statusCode: statusCode);
}
