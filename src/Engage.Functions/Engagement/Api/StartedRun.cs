using System.Text.Json.Nodes;

namespace Engage.Functions.Engagement.Api;

/// <summary>The answer to a start request, kept as data so an Idempotency-Key can replay it exactly.</summary>
public sealed record StartedRun(int StatusCode, JsonObject Body, string? Location)
{
    public IResult ToResult() => new StartedRunResult(this);

    private sealed class StartedRunResult(StartedRun run) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            if (run.Location is not null)
            {
                response.Headers.Location = run.Location;
                response.Headers.RetryAfter = "10";
            }

            return TypedResults.Json(run.Body, statusCode: run.StatusCode).ExecuteAsync(httpContext);
        }
    }
}
