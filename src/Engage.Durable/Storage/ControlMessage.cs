using Engage.Durable.History;

namespace Engage.Durable.Storage;

/// <summary>
/// Events for one orchestration instance, carried on its control queue. Several events for the
/// same instance travel in one message (a batch of activity completions, say) to save queue
/// calls. <see cref="ExecutionId"/> is null for events meant for whatever execution is current
/// (raised events, termination).
/// </summary>
internal sealed record ControlMessage(string InstanceId, string? ExecutionId, IReadOnlyList<HistoryEvent> Events);
