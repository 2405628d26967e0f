namespace Engage.Durable.History;

/// <summary>The kinds of event an orchestration's history is made of, named as in the Durable Task Framework.</summary>
public enum HistoryEventType
{
    OrchestratorStarted,
    ExecutionStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    EventRaised,
    SubOrchestrationInstanceCreated,
    SubOrchestrationInstanceCompleted,
    SubOrchestrationInstanceFailed,
    ExecutionTerminated,
    ExecutionCompleted,
}
