using Engage.Functions.Llm;
using Polly.CircuitBreaker;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>What <c>/api/health</c> shows of the analyzer: who generates analyses, and the LLM circuit if there is an LLM.</summary>
public sealed class MeetingAnalyzerStatus(string generator, ConsecutiveFailureCircuitBreaker? breaker)
{
    public static MeetingAnalyzerStatus HeuristicOnly { get; } = new(HeuristicMeetingAnalyzer.GeneratorName, null);

    /// <summary>The model name, or <c>heuristic</c> when no LLM is configured.</summary>
    public string Generator => generator;

    /// <summary>Null without an LLM.</summary>
    public CircuitState? Circuit => breaker?.State;

    public int? FailureThreshold => breaker?.FailureThreshold;
}
