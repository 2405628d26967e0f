using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Idempotency;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Http;
using Engage.Functions.Keys;

namespace Engage.Functions.Engagement.Api;

/// <summary>
/// The engagement API: start a run, poll it (legacy array shape), read a domain's latest
/// summary, and the admin list of runs.
/// </summary>
public sealed class EngagementEndpoints : IEndpointModule
{
    private const string IdempotencyScope = "engagement-summary";

    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/engagement-summary", StartAsync).WithAuthLevel(AuthorizationLevel.Function);
        routes.MapGet("/api/engagement-status", GetStatusAsync).WithAuthLevel(AuthorizationLevel.Function);
        routes.MapGet("/api/engagement-summary/{domain}/latest", GetLatestAsync).WithAuthLevel(AuthorizationLevel.Function);
        routes.MapGet("/api/engagement-runs", ListRunsAsync).WithAuthLevel(AuthorizationLevel.Admin);
    }

    private static async Task<IResult> StartAsync(
        HttpRequest request,
        EngagementRunStarter starter,
        IdempotencyStore idempotency,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAtMostAsync(request, StartRunBody.MaxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                detail: $"The request body is larger than {StartRunBody.MaxBytes / 1024} KiB; a start request is {{\"domain\": \"acmecorp.com\"}}.",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large.");
        }

        if (!StartRunBody.TryReadDomain(body, out var input, out var error) || !CustomerDomain.TryNormalize(input, out var domain, out error))
        {
            return Problems.Validation(error);
        }

        if (!request.Headers.TryGetValue("Idempotency-Key", out var keys))
        {
            return (await starter.StartAsync(domain, request, cancellationToken)).ToResult();
        }

        var key = keys.ToString();
        if (key.Length is 0 or > 255 || key.Any(c => c is < ' ' or > '~'))
        {
            return Problems.Validation("Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.");
        }

        var (decision, record) = await idempotency.ClaimAsync(IdempotencyScope, key, IdempotencyStore.Fingerprint(body), cancellationToken);
        switch (decision)
        {
            case IdempotencyDecision.Replay:
                request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                return new StartedRun(record.StatusCode, JsonNode.Parse(record.ResponseBody!)!.AsObject(), record.Location).ToResult();
            case IdempotencyDecision.Mismatch:
                return TypedResults.Problem(
                    detail: "This Idempotency-Key was used with a different request body; use a new key for a new request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused with another body.");
            case IdempotencyDecision.InFlight:
                return TypedResults.Problem(
                    detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Request with this Idempotency-Key in progress.");
        }

        StartedRun started;
        try
        {
            started = await starter.StartAsync(domain, request, cancellationToken);
        }
        catch
        {
            await idempotency.ReleaseAsync(record, CancellationToken.None);
            throw;
        }

        if (started.StatusCode >= 500)
        {
            await idempotency.ReleaseAsync(record, CancellationToken.None);
        }
        else
        {
            await idempotency.CompleteAsync(record, started.StatusCode, started.Body.ToJsonString(), started.Location, cancellationToken);
        }

        return started.ToResult();
    }

    private static async Task<IResult> GetStatusAsync(string? domain, string? run_id, EngagementRunStore runs, CancellationToken cancellationToken)
    {
        if (!CustomerDomain.TryNormalize(domain, out var normalized, out var error))
        {
            return Problems.Validation(error);
        }

        if (!Guid.TryParse(run_id, out _))
        {
            return Problems.Validation("run_id is required and must be the UUID returned when the run was started.");
        }

        var run = await runs.GetAsync(normalized, run_id!, cancellationToken);
        return TypedResults.Json(run is null ? new JsonArray() : new JsonArray(EngagementRunJson.ToJson(run)));
    }

    private static async Task<IResult> GetLatestAsync(string domain, EngagementRunStore runs, CancellationToken cancellationToken)
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

    private static async Task<IResult> ListRunsAsync(string? domain, int? limit, string? continuation, HttpResponse response, EngagementRunStore runs, CancellationToken cancellationToken)
    {
        string? normalized = null;
        if (domain is not null && !CustomerDomain.TryNormalize(domain, out normalized, out var error))
        {
            return Problems.Validation(error);
        }

        if (limit is < 1 or > 1000)
        {
            return Problems.Validation("limit must be from 1 to 1000.");
        }

        var page = await runs.ListAsync(normalized, limit ?? 100, continuation, cancellationToken);
        if (page.ContinuationToken is not null)
        {
            response.Headers["x-ms-continuation-token"] = page.ContinuationToken;
        }

        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray(page.Values.Select(r => (JsonNode)EngagementRunJson.ToJson(r)).ToArray()),
            ["continuation"] = page.ContinuationToken,
        });
    }
}
