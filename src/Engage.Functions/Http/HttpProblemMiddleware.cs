using System.Text.Json;
using Azure;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Engage.Functions.Http;

/// <summary>
/// The last resort of every HTTP function: an exception becomes RFC 9457 problem+json instead of the host's
/// bare 500. A malformed request (the framework's <see cref="BadHttpRequestException"/>) gets its own status and
/// explanation, and a record changed under a write (<see cref="RecordConflictException"/>) a 412; anything else is logged with its trace id and answered with that id only, since an exception's
/// message or stack can reveal internals (paths, hosts, queries) to the caller. Storage that does not answer is a
/// 503 with <c>Retry-After</c>, since a retry will likely succeed. It writes the answer to the request's
/// <see cref="HttpContext"/>, which both hosts read.
/// </summary>
public sealed partial class HttpProblemMiddleware(ILogger<HttpProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http && !IsCallerGone(e, http))
        {
            await AnswerAsync(http, context.FunctionDefinition.Name, e);
        }
    }

    private Task AnswerAsync(HttpContext http, string function, Exception exception)
    {
        http.Response.Clear();
        if (exception is BadHttpRequestException badRequest)
        {
            var detail = Describe(badRequest);
            LogRejected(function, badRequest.StatusCode, detail);
            return TypedResults.Problem(detail: detail, statusCode: badRequest.StatusCode, title: "The request is not valid.").ExecuteAsync(http);
        }

        if (exception is RecordConflictException conflict)
        {
            LogRejected(function, StatusCodes.Status412PreconditionFailed, conflict.Message);
            return Problems.Stale(conflict.RecordId).ExecuteAsync(http);
        }

        var traceId = Problems.TraceId(http);
        if (IsStorageUnavailable(exception))
        {
            LogStorageUnavailable(exception, function, traceId);
            http.Response.Headers.RetryAfter = "5";
            return Problems.StorageUnavailable(traceId).ExecuteAsync(http);
        }

        LogUnhandled(exception, function, traceId);
        return Problems.Unexpected(traceId).ExecuteAsync(http);
    }

    /// <summary>
    /// No answer, a timeout, throttling or a server error from the storage service; the Azure SDK reports a request
    /// whose every retry failed as an <see cref="AggregateException"/> of them.
    /// </summary>
    private static bool IsStorageUnavailable(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.All(IsStorageUnavailable),
        _ => false,
    };

    /// <summary>A caller that hung up needs no answer, and its cancellation is not the app's fault.</summary>
    private static bool IsCallerGone(Exception exception, HttpContext http) =>
        exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested;

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException { Path: { } path } json
            ? $"{exception.Message} The JSON is invalid at '{path}' (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
            : exception.Message;

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {Function} rejected the request with {StatusCode}: {Detail}")]
    private partial void LogRejected(string function, int statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not answer function {Function} (traceId {TraceId})")]
    private partial void LogStorageUnavailable(Exception exception, string function, string traceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in function {Function} (traceId {TraceId})")]
    private partial void LogUnhandled(Exception exception, string function, string traceId);
}
