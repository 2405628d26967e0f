using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using CoreContext = DurableTask.Core.OrchestrationContext;

namespace Engage.LocalHost.Durable;

/// <summary>
/// What an <c>[OrchestrationTrigger]</c> function receives, as the Durable worker extension builds it: the engine's
/// context, with <see cref="GetInput{T}"/> converting to whatever type the function asks for (the function declares
/// no input type up front), and every call checked to come from the orchestrator's own thread, so an orchestrator that
/// awaits a non-durable task fails here as it fails on Azure.
/// </summary>
internal sealed class FunctionOrchestrationContext(TaskOrchestrationContext inner, object? input, DataConverter converter) : TaskOrchestrationContext
{
    public const string IllegalAwaitMessage =
        "An invalid asynchronous invocation was detected. This can be caused by awaiting non-durable tasks " +
        "in an orchestrator function's implementation or by middleware that invokes asynchronous code.";

    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => inner.Parent;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

    public override T GetInput<T>()
    {
        ThrowIfIllegalAccess();
        return input switch
        {
            null => default!,
            T typed => typed,
            JsonElement json => converter.Deserialize<T>(json.GetRawText())!,
            _ => converter.Deserialize<T>(converter.Serialize(input))!,
        };
    }

    public override Guid NewGuid()
    {
        ThrowIfIllegalAccess();
        return inner.NewGuid();
    }

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        ThrowIfIllegalAccess();
        return inner.CallActivityAsync<TResult>(name, input, options);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ThrowIfIllegalAccess();
        return inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ThrowIfIllegalAccess();
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        ThrowIfIllegalAccess();
        return inner.CreateTimer(fireAt, cancellationToken);
    }

    public override void SetCustomStatus(object? customStatus)
    {
        ThrowIfIllegalAccess();
        inner.SetCustomStatus(customStatus);
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ThrowIfIllegalAccess();
        inner.SendEvent(instanceId, eventName, payload);
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ThrowIfIllegalAccess();
        return inner.WaitForExternalEvent<T>(eventName, cancellationToken);
    }

    /// <exception cref="InvalidOperationException">Called from a thread other than the orchestrator's.</exception>
    public static void ThrowIfIllegalAccess()
    {
        if (!CoreContext.IsOrchestratorThread)
        {
            throw new InvalidOperationException(IllegalAwaitMessage);
        }
    }
}
