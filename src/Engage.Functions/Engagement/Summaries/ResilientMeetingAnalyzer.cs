using Engage.Functions.Llm;
using Polly;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// The LLM through retries, a per-attempt timeout and the circuit breaker; the heuristic, with the reason in
/// <see cref="MeetingAnalysis.FallbackReason"/>, when the LLM fails for good or its circuit is open.
/// </summary>
public sealed partial class ResilientMeetingAnalyzer : IMeetingAnalyzer
{
    private readonly OpenAiMeetingAnalyzer _llm;
    private readonly HeuristicMeetingAnalyzer _heuristic;
    private readonly ConsecutiveFailureCircuitBreaker _breaker;
    private readonly LlmResilienceOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<ResilientMeetingAnalyzer> _logger;

    public ResilientMeetingAnalyzer(
        OpenAiMeetingAnalyzer llm,
        HeuristicMeetingAnalyzer heuristic,
        ConsecutiveFailureCircuitBreaker breaker,
        LlmResilienceOptions options,
        TimeProvider time,
        ILogger<ResilientMeetingAnalyzer> logger)
    {
        _llm = llm;
        _heuristic = heuristic;
        _breaker = breaker;
        _options = options;
        _logger = logger;
        _pipeline = LlmResiliencePipeline.Build(options, breaker, time, logger);
    }

    public async Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async (state, token) => await state.Llm.AnalyzeAsync(state.Excerpt, token),
                (Llm: _llm, Excerpt: excerpt),
                cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = LlmFailureReason.Describe(e, _breaker.FailureThreshold, _options.AttemptTimeout);
            LogFallback(excerpt.MeetingId, excerpt.Part, excerpt.Parts, reason);
            return _heuristic.Analyze(excerpt, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId} part {Part}/{Parts} analysed by the heuristic: {Reason}")]
    private partial void LogFallback(long meetingId, int part, int parts, string reason);
}
