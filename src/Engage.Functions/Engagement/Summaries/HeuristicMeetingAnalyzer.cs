namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// The analysis without an LLM: themes from repeated phrases, goals, challenges and risks from the sentences
/// that carry their cue phrases, recommendations derived from the challenges and risks. Deterministic and
/// offline, so it serves when no LLM is configured and whenever the LLM cannot answer.
/// </summary>
public sealed class HeuristicMeetingAnalyzer : IMeetingAnalyzer
{
    public const string GeneratorName = "heuristic";

    /// <summary>Items per list, as many as the LLM is asked for.</summary>
    public const int MaxItems = 8;

    public Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken) =>
        Task.FromResult(Analyze(excerpt));

    public MeetingAnalysis Analyze(MeetingExcerpt excerpt, string? fallbackReason = null)
    {
        var transcript = TranscriptSentences.Parse(excerpt.Transcript);
        var goals = new List<string>();
        var challenges = new List<string>();
        var risks = new List<string>();
        foreach (var sentence in transcript.Sentences)
        {
            // A question asks whether something is a risk; it does not say it is one.
            if (sentence.EndsWith('?'))
            {
                continue;
            }

            var list = CuePhrases.Classify(sentence) switch
            {
                SentenceKind.Goal => goals,
                SentenceKind.Challenge => challenges,
                SentenceKind.Risk => risks,
                _ => null,
            };
            if (list is not null && SentenceText.Tidy(sentence) is { } item)
            {
                list.Add(item);
            }
        }

        var distinctChallenges = SentenceText.Distinct(challenges, MaxItems);
        var distinctRisks = SentenceText.Distinct(risks, MaxItems);
        return new MeetingAnalysis(
            excerpt.MeetingId,
            PhraseThemes.Find(transcript, MaxItems),
            SentenceText.Distinct(goals, MaxItems),
            distinctChallenges,
            distinctRisks,
            Recommend(distinctChallenges, distinctRisks),
            GeneratorName,
            fallbackReason);
    }

    // Risks and challenges alternate so that neither crowds the other out of the capped list.
    private static IReadOnlyList<string> Recommend(IReadOnlyList<string> challenges, IReadOnlyList<string> risks)
    {
        var recommendations = new List<string>();
        for (var i = 0; i < Math.Max(challenges.Count, risks.Count); i++)
        {
            if (i < risks.Count)
            {
                recommendations.Add($"Mitigate: {risks[i]}");
            }

            if (i < challenges.Count)
            {
                recommendations.Add($"Address: {challenges[i]}");
            }
        }

        return SentenceText.Distinct(recommendations, MaxItems);
    }
}
