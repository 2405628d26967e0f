using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Http;

/// <summary>
/// RFC 9457 answers for features to return. They go through the app's problem details service, so they
/// carry the same <c>traceId</c> as the request's logs.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Validation(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    /// <param name="detail">What is wrong, in one sentence.</param>
    /// <param name="errors">Messages per input field, as the standard <c>errors</c> member.</param>
    public static ValidationProblem Validation(string detail, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail, title: "The request is not valid.");

    /// <summary>413 for a body over its cap, which is far above any valid request's size.</summary>
    /// <param name="what">What a request here is (<c>a start request is {"domain": "acmecorp.com"}</c>), after the cap.</param>
    public static ProblemHttpResult TooLarge(int maxBytes, string what) =>
        TypedResults.Problem(
            detail: $"The request body is larger than {maxBytes / 1024} KiB; {what}.",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    /// <summary>409: the request is well formed but the record's state does not allow it; the detail says what would.</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "The request conflicts with the record's state.");

    /// <summary>422: the request is well formed but names something that does not fit (a step of another execution).</summary>
    public static ProblemHttpResult Unprocessable(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The request cannot be applied.");

    /// <summary>412: the record changed since the caller (or this request) read it; nothing was written.</summary>
    public static ProblemHttpResult Stale(string recordId) =>
        TypedResults.Problem(
            detail: $"{recordId} has changed since it was read; nothing was written. Read it again (GET answers its current ETag) and retry with that If-Match.",
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "The record has changed.");

    /// <summary>The id an unexpected error is logged and answered with, so a report can be matched to the log.</summary>
    public static string TraceId(HttpContext http) => Activity.Current?.Id ?? http.TraceIdentifier;

    /// <summary>
    /// 500 with the trace id only: an exception's message or stack can reveal internals (paths, hosts, queries)
    /// to the caller.
    /// </summary>
    public static ProblemHttpResult Unexpected(string traceId) =>
        WithTraceId(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "The error has been logged; quote the traceId when reporting it.", traceId);

    /// <summary>503 while storage does not answer: the request can be sent again as it is.</summary>
    public static ProblemHttpResult StorageUnavailable(string traceId) =>
        WithTraceId(
            StatusCodes.Status503ServiceUnavailable,
            "Storage is unavailable.",
            "Engage's storage is not answering right now; nothing was changed. Retry in a few seconds (see Retry-After).",
            traceId);

    private static ProblemHttpResult WithTraceId(int status, string title, string detail, string traceId) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["traceId"] = traceId });
}
