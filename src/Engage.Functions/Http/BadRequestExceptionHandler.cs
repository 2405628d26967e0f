using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Engage.Functions.Http;

/// <summary>
/// Turns the framework's binding failures (bad JSON, missing parameters, wrong content type, too large)
/// into problem details with the framework's own explanation, which names the parameter and the fault.
/// </summary>
public sealed partial class BadRequestExceptionHandler(
    IProblemDetailsService problems,
    ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var detail = Describe(badRequest);
        LogRejected(httpContext.Request.Method, httpContext.Request.Path.Value, badRequest.StatusCode, detail);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = badRequest.StatusCode, Detail = detail },
        });
        return true;
    }

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException { Path: { } path } json
            ? $"{exception.Message} The JSON is invalid at '{path}' (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
            : exception.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {StatusCode}: {Detail}")]
    private partial void LogRejected(string method, string? path, int statusCode, string detail);
}
