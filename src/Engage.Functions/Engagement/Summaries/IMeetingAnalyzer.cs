namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// Turns a meeting excerpt into themes, goals, challenges, risks and recommendations: an LLM
/// through the OpenAI SDK, or the deterministic heuristic when no LLM is configured or the
/// LLM's circuit breaker is open.
/// </summary>
public interface IMeetingAnalyzer
{
    /// <summary>Never throws for LLM trouble: it falls back to the heuristic and says so in <see cref="MeetingAnalysis.FallbackReason"/>.</summary>
    Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken);
}
