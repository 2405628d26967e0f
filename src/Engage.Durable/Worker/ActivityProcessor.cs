using Engage.Durable.Activities;
using Engage.Durable.History;
using Engage.Durable.Orchestration;
using Engage.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Worker;

/// <summary>
/// Runs the activity invocations of one work-item message and reports their results to the
/// instance in as few control messages as fit. Activities run at least once: a crash before
/// the report re-runs them, and the orchestration keeps the first result it sees.
/// </summary>
internal sealed partial class ActivityProcessor(
    PayloadStore payloads,
    Outbox outbox,
    DurableTaskRegistry registry,
    IServiceScopeFactory scopes,
    EngineHooks hooks,
    TimeProvider timeProvider,
    ILogger<ActivityProcessor> logger)
{
    /// <summary>Messages and stack traces are cut so a failure stays well inside a history row.</summary>
    private const int MaxTextLength = 4_000;

    public async Task ProcessAsync(WorkItemMessage message, string? poisonReason, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(message.Tasks.Select(task => poisonReason is null
            ? RunWithSlotAsync(message.InstanceId, task, slots, cancellationToken)
            : Task.FromResult(HistoryEvent.TaskFailed(task.TaskId, new TaskFailureDetails("PoisonMessage", poisonReason), timeProvider.GetUtcNow()))));

        await hooks.At(CrashPoint.ActivityBeforeReport, message.InstanceId, cancellationToken);
        await Task.WhenAll(outbox.Controls(message.InstanceId, message.ExecutionId, results).Select(m => m.SendAsync(cancellationToken)));
    }

    private async Task<HistoryEvent> RunWithSlotAsync(string instanceId, HistoryEvent task, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(instanceId, task, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<HistoryEvent> RunAsync(string instanceId, HistoryEvent task, CancellationToken cancellationToken)
    {
        var name = task.Name ?? string.Empty;
        if (!registry.TryGetActivity(name, out var activity))
        {
            return Failed(task, new TaskFailureDetails("ActivityNotFound", $"No activity named '{name}' is registered with this worker."));
        }

        try
        {
            var input = (await payloads.ResolveAsync(instanceId, task, cancellationToken)).Data;
            await using var scope = scopes.CreateAsyncScope();
            var output = await activity(new TaskActivityContext(name, instanceId, task.TaskId, scope.ServiceProvider), input);
            var completed = HistoryEvent.TaskCompleted(task.TaskId, DataConverter.Serialize(output), timeProvider.GetUtcNow());
            return await payloads.OffloadAsync(instanceId, completed, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogActivityFailed(name, task.TaskId, instanceId, e);
            return Failed(task, Trim(TaskFailureDetails.FromException(e)));
        }
    }

    private HistoryEvent Failed(HistoryEvent task, TaskFailureDetails failure) =>
        HistoryEvent.TaskFailed(task.TaskId, failure, timeProvider.GetUtcNow());

    private static TaskFailureDetails Trim(TaskFailureDetails failure) => failure with
    {
        ErrorMessage = Cut(failure.ErrorMessage)!,
        StackTrace = Cut(failure.StackTrace),
        InnerFailure = failure.InnerFailure is null ? null : Trim(failure.InnerFailure),
    };

    private static string? Cut(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] + "…" : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Name} (#{TaskId}) of instance {InstanceId} failed")]
    private partial void LogActivityFailed(string name, int taskId, string instanceId, Exception exception);
}
