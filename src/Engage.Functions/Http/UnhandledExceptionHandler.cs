using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Engage.Functions.Http;

/// <summary>
/// The last resort: logs the exception with the trace id and answers 500 with that trace id only, since an
/// exception's message or stack can reveal internals (paths, hosts, queries) to the caller.
/// </summary>
public sealed partial class UnhandledExceptionHandler(
    IProblemDetailsService problems,
    ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path.Value, traceId);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error has been logged; quote the traceId when reporting it.",
                Extensions = { ["traceId"] = traceId },
            },
        });
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path} (traceId {TraceId})")]
    private partial void LogUnhandled(Exception exception, string method, string? path, string traceId);
}
