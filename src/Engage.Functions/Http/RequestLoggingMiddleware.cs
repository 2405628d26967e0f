namespace Engage.Functions.Http;

/// <summary>One line per request. The path is logged without the query string, which may carry a key (<c>code=</c>).</summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, TimeProvider time, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        await next(context);
        LogRequest(
            context.Request.Method,
            context.Request.PathBase.Add(context.Request.Path).Value,
            context.Response.StatusCode,
            time.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {DurationMs:0.0} ms")]
    private partial void LogRequest(string method, string? path, int statusCode, double durationMs);
}
