using Engage.Functions.Http;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// Hands the message of a queue-trigger invocation to its <see cref="IQueueFunction"/>. A non-2xx answer makes
/// the host put the message back, to come again with a higher <c>DequeueCount</c>.
/// </summary>
public sealed partial class QueueInvoker(TimeProvider timeProvider, ILogger<QueueInvoker> logger)
{
    public async Task<IResult> InvokeAsync(IQueueFunction function, HttpRequest request, CancellationToken cancellationToken)
    {
        var payload = await InvocationPayload.ReadAsync(request, cancellationToken);
        if (payload is null || !payload.TryGetData(FunctionBindings.QueueMessage, out var value) || InvocationValue.ReadText(value) is not { } message)
        {
            // Not an answer that deletes the message: retried and then parked in the poison queue, it stays there to look at.
            return Problems.Validation($"A queue invocation is a JSON object whose Data.{FunctionBindings.QueueMessage} holds the message.");
        }

        var id = payload.TryGetMetadata("Id", out var idValue) ? InvocationValue.ReadText(idValue) : null;
        var dequeueCount = payload.TryGetMetadata("DequeueCount", out var count) ? InvocationValue.ReadInt64(count) : null;
        if (dequeueCount is null)
        {
            // Counted as a first delivery, so a message is never failed as poison by mistake.
            LogNoDequeueCount(function.Name, id);
        }

        var delivery = dequeueCount ?? 1;
        var started = timeProvider.GetTimestamp();
        bool done;
        try
        {
            done = await function.RunAsync(message, delivery, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(function.Name, id, delivery, e);
            return InvocationResult.Failed($"{function.Name}: message {id} failed on delivery {delivery} ({e.GetType().Name}); it will be retried");
        }

        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        return done
            ? InvocationResult.Completed($"{function.Name}: message {id} handled on delivery {delivery} in {elapsed:0} ms")
            : InvocationResult.RetryLater($"{function.Name}: message {id} cannot be applied yet (delivery {delivery}); it will be retried");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue function {Function}: message {MessageId} came without a DequeueCount; taken as a first delivery")]
    private partial void LogNoDequeueCount(string function, string? messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue function {Function}: message {MessageId} failed on delivery {DequeueCount}; the host will retry it")]
    private partial void LogFailed(string function, string? messageId, long dequeueCount, Exception exception);
}
