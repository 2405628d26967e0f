using Microsoft.DurableTask.Client;

namespace Engage.Functions.Durable;

/// <summary>Questions to the task hub that more than one feature asks.</summary>
public static partial class DurableTaskClientExtensions
{
    /// <summary>
    /// Whether the task hub holds orchestration <paramref name="instanceId"/>: asked after a start that may have
    /// happened (a retried request, a schedule call that failed after the hub took it). False, logged to
    /// <paramref name="logger"/>, when the hub cannot be asked, so the caller schedules it or reports it not started.
    /// The lookup ignores cancellation: it decides whether a start went through, which a caller who hangs up must
    /// not leave undecided.
    /// </summary>
    public static async Task<bool> InstanceExistsAsync(this DurableTaskClient durable, string instanceId, ILogger logger)
    {
        try
        {
            return await durable.GetInstanceAsync(instanceId, CancellationToken.None) is not null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLookupFailed(logger, instanceId, e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orchestration {InstanceId}: the task hub could not be asked whether it exists")]
    private static partial void LogLookupFailed(ILogger logger, string instanceId, Exception exception);
}
