using Engage.Durable.History;

namespace Engage.Durable.Storage;

/// <summary>Activity invocations (their TaskScheduled events) of one instance, carried on the work-item queue.</summary>
internal sealed record WorkItemMessage(string InstanceId, string ExecutionId, IReadOnlyList<HistoryEvent> Tasks);
