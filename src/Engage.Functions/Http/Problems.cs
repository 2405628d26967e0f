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
}
