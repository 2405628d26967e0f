using Engage.Functions.Llm;
using OpenAI.Chat;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// One excerpt, one Chat Completions call with a strict JSON-schema response. Unlike an
/// <see cref="IMeetingAnalyzer"/> it throws on any failure: <see cref="ResilientMeetingAnalyzer"/> decides
/// about retries and the fallback.
/// </summary>
public sealed class OpenAiMeetingAnalyzer(ChatClient client, string model)
{
    /// <summary>The configured model (Azure: deployment) name, reported as the analysis' generator.</summary>
    public string Model => model;

    /// <exception cref="System.ClientModel.ClientResultException">The server answered with an error, or could not be reached (status 0).</exception>
    /// <exception cref="LlmAnswerException">The answer is not a usable analysis.</exception>
    public async Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken)
    {
        var options = new ChatCompletionOptions { ResponseFormat = AnalysisSchema.ResponseFormat };
        ChatCompletion completion = await client.CompleteChatAsync(AnalysisPrompt.For(excerpt), options, cancellationToken);
        return AnalysisSchema.Parse(completion, excerpt.MeetingId, Model);
    }
}
