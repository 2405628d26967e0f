using Engage.Functions.Engagement.Summaries;
using Polly.CircuitBreaker;

namespace Engage.Functions.Health;

/// <summary>
/// The meeting analyzer at <c>engagement.llm</c>: which generator serves and the state of the LLM circuit. It
/// makes no call (that would cost tokens and feed the breaker); an open circuit is degraded, not unhealthy,
/// because the heuristic answers meanwhile.
/// </summary>
public sealed class LlmCircuitProbe(MeetingAnalyzerStatus analyzer) : IHealthProbe
{
    public string Group => "engagement";

    public string Name => "llm";

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Report(analyzer.Generator, analyzer.Circuit, analyzer.FailureThreshold, "the heuristic analyses meanwhile"));

    /// <summary>
    /// An LLM's entry: its generator and, when it has a circuit, the circuit's state; open or half-open is degraded
    /// (not unhealthy: <paramref name="meanwhile"/> serves). Shared by every LLM user with a breaker of its own.
    /// </summary>
    public static ProbeResult Report(string generator, CircuitState? circuit, int? failureThreshold, string meanwhile)
    {
        var details = new Dictionary<string, string> { ["generator"] = generator };
        if (circuit is not { } state)
        {
            return ProbeResult.Healthy(TimeSpan.Zero) with { Details = details };
        }

        var (name, result) = state switch
        {
            CircuitState.Closed => ("closed", ProbeResult.Healthy(TimeSpan.Zero)),
            CircuitState.HalfOpen => ("half-open", ProbeResult.Degraded(TimeSpan.Zero, $"one probe call is trying the llm again; {meanwhile}")),
            _ => ("open", ProbeResult.Degraded(TimeSpan.Zero, $"llm circuit open after {failureThreshold} consecutive failures; {meanwhile}")),
        };
        details["circuit"] = name;
        return result with { Details = details };
    }
}
