using Engage.Durable.History;

namespace Engage.Durable.Orchestration;

/// <summary>What one replay of an orchestrator decided.</summary>
internal sealed record ReplayResult
{
    /// <summary>Scheduling events for the actions the code took beyond its history, then ExecutionCompleted if it ended.</summary>
    public required IReadOnlyList<HistoryEvent> NewEvents { get; init; }

    /// <summary>The status after this episode: Running, or how it ended.</summary>
    public required OrchestrationRuntimeStatus Status { get; init; }

    public string? CustomStatus { get; init; }
}
