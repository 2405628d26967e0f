namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// One change of an execution: the state after it (its version one higher) and the event that records it. It is
/// also the input of the activity that writes the change (<see cref="ExecutionActivities.RecordChange"/>).
/// </summary>
/// <param name="EventType">The event's type, snake_case past tense (<c>step_completed</c>).</param>
public sealed record ExecutionTurn(ExecutionState After, string EventType, string Reason, string Actor);
