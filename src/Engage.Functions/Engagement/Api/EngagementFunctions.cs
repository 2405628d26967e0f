using System.Text.Json.Nodes;
using Engage.Functions.Accounts;
using Engage.Functions.Commands;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Engagement.Api;

/// <summary>
/// The engagement API: start a run, poll it (legacy array shape), read a domain's latest
/// summary, and the admin list of runs.
/// </summary>
public sealed class EngagementFunctions(
    EngagementRunStarter starter,
    IdempotentCommands commands,
    EngagementRunStore runs,
    RunStatusSync statusSync)
{
    private const string IdempotencyScope = "engagement-summary";

    [Function("StartEngagementSummary")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "engagement-summary")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAtMostAsync(request, StartRunBody.MaxBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(StartRunBody.MaxBytes, """a start request is {"domain": "acmecorp.com"}""");
        }

        if (!StartRunBody.TryReadDomain(body, out var input, out var error) || !CustomerDomain.TryNormalize(input, out var domain, out error))
        {
            return Problems.Validation(error);
        }

        return await commands.RunAsync(
            request,
            IdempotencyScope,
            body,
            starter.NewRunId(),
            async (attempt, token) => await starter.StartAsync(domain, attempt.ResultId, attempt.MayHaveRun, durable, await RequestDataAsync(context), token),
            cancellationToken);
    }

    /// <summary>The worker's view of the request, from which the Durable extension builds the status links.</summary>
    private static async Task<HttpRequestData> RequestDataAsync(FunctionContext context) =>
        await context.GetHttpRequestDataAsync() ?? throw new InvalidOperationException("An HTTP-triggered function has no HTTP request data.");

    [Function("GetEngagementStatus")]
    public async Task<IResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "engagement-status")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!CustomerDomain.TryNormalize(QueryParameters.Text(request, "domain"), out var domain, out var error))
        {
            return Problems.Validation(error);
        }

        var runId = QueryParameters.Text(request, "run_id");
        if (!Guid.TryParse(runId, out _))
        {
            return Problems.Validation("run_id is required and must be the UUID returned when the run was started.");
        }

        var run = await runs.GetAsync(domain, runId!, cancellationToken);
        return TypedResults.Json(run is null ? new JsonArray() : new JsonArray(EngagementRunJson.ToJson(await statusSync.FollowAsync(run, durable, cancellationToken))));
    }

    [Function("GetLatestEngagementSummary")]
    public async Task<IResult> GetLatestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "engagement-summary/{domain}/latest")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        if (!CustomerDomain.TryNormalize(domain, out var normalized, out var error))
        {
            return Problems.Validation(error);
        }

        var latest = await runs.GetLatestCompleteAsync(normalized, cancellationToken);
        return latest is null
            ? TypedResults.Problem(detail: $"No complete engagement summary exists for {normalized} yet; start one with POST /api/engagement-summary.", statusCode: StatusCodes.Status404NotFound, title: "No summary.")
            : TypedResults.Json(EngagementRunJson.ToJson(latest));
    }

    [Function("ListEngagementRuns")]
    public async Task<IResult> ListRunsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "engagement-runs")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        string? domain = null;
        if (QueryParameters.Text(request, "domain") is { } given && !CustomerDomain.TryNormalize(given, out domain, out var error))
        {
            return Problems.Validation(error);
        }

        if (!QueryParameters.TryReadWholeNumber(request, "limit", 100, 1, 1000, out var limit, out var problem))
        {
            return problem!;
        }

        RunListPosition? after = null;
        if (QueryParameters.Text(request, "continuation") is { } continuation && !RunListPosition.TryDecode(continuation, domain, out after, out var refused))
        {
            return Problems.Validation(refused);
        }

        var page = await runs.ListAsync(domain, limit, after, cancellationToken);
        if (page.ContinuationToken is not null)
        {
            request.HttpContext.Response.Headers["x-ms-continuation-token"] = page.ContinuationToken;
        }

        var items = new JsonArray();
        foreach (var run in page.Values)
        {
            items.Add(EngagementRunJson.ToJson(await statusSync.FollowAsync(run, durable, cancellationToken)));
        }

        return TypedResults.Json(new JsonObject
        {
            ["items"] = items,
            ["continuation"] = page.ContinuationToken,
        });
    }
}
