namespace Engage.Durable.Orchestration;

/// <summary>Runtime status of an orchestration instance; names and values as in Microsoft.DurableTask.</summary>
public enum OrchestrationRuntimeStatus
{
    Running = 0,
    Completed = 1,
    ContinuedAsNew = 2,
    Failed = 3,
    Canceled = 4,
    Terminated = 5,
    Pending = 6,
}
