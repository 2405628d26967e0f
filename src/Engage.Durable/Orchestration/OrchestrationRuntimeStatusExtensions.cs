namespace Engage.Durable.Orchestration;

public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True for the statuses an instance never leaves by itself.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
            or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
