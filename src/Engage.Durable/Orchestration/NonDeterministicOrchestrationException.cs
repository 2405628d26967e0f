namespace Engage.Durable.Orchestration;

/// <summary>The orchestrator, replayed over its history, did something other than what the history records.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);
