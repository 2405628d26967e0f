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

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string> { ["generator"] = analyzer.Generator };
        if (analyzer.Circuit is not { } circuit)
        {
            return Task.FromResult(ProbeResult.Healthy(TimeSpan.Zero) with { Details = details });
        }

        var (state, result) = circuit switch
        {
            CircuitState.Closed => ("closed", ProbeResult.Healthy(TimeSpan.Zero)),
            CircuitState.HalfOpen => ("half-open", ProbeResult.Degraded(TimeSpan.Zero, "one probe call is trying the llm again; the heuristic analyses meanwhile")),
            _ => ("open", ProbeResult.Degraded(TimeSpan.Zero, $"llm circuit open after {analyzer.FailureThreshold} consecutive failures; the heuristic analyses meanwhile")),
        };
        details["circuit"] = state;
        return Task.FromResult(result with { Details = details });
    }
}
