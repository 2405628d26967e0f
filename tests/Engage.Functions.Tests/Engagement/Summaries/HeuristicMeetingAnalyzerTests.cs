using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Tests.Engagement.Summaries;

public sealed class HeuristicMeetingAnalyzerTests
{
    private readonly HeuristicMeetingAnalyzer _analyzer = new();

    [Fact]
    public async Task Goals_are_the_sentences_that_carry_goal_cues()
    {
        var analysis = await AnalyzeAsync();

        Assert.Equal(
            [
                "Our goal is to move all three regional warehouses onto the new inventory platform by Q3.",
                "We want to cut order processing time in half before the holiday peak.",
                "We need to give store managers real-time stock levels on the new inventory platform, that's the main ask from the regions.",
            ],
            analysis.Goals);
    }

    [Fact]
    public async Task Challenges_are_the_sentences_that_carry_challenge_cues_without_their_filler_openers()
    {
        var analysis = await AnalyzeAsync();

        Assert.Contains("The problem is the nightly sync job keeps failing when order volumes spike, and our ops team has to re-run it manually.", analysis.Challenges);
        Assert.Contains("We're struggling with the data migration too.", analysis.Challenges);
        Assert.Contains("The manual cleanup is the biggest pain for my team right now.", analysis.Challenges);
        Assert.Contains("One more thing, the nightly sync job failures also mean the regional dashboards are stale every morning.", analysis.Challenges);
        Assert.DoesNotContain(analysis.Challenges, c => c.Contains("Q3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Risks_are_the_sentences_that_carry_risk_cues()
    {
        var analysis = await AnalyzeAsync();

        Assert.Equal(
            [
                "I'm concerned about the budget.",
                "Finance froze new spend until the renewal is signed, and the renewal is in October.",
                "If this slips past Q3, leadership will look at the competitor that pitched us in the spring.",
                "We're blocked on the security review for single sign-on.",
            ],
            analysis.Risks);
    }

    [Fact]
    public async Task Questions_and_small_talk_are_in_no_list()
    {
        var analysis = await AnalyzeAsync();

        var items = analysis.Goals.Concat(analysis.Challenges).Concat(analysis.Risks).ToList();
        Assert.DoesNotContain(items, i => i.EndsWith('?'));
        Assert.DoesNotContain(items, i => i.Contains("SSO rollout", StringComparison.Ordinal));
        Assert.DoesNotContain(items, i => i.StartsWith("Thanks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Themes_are_the_repeated_phrases_most_repeated_first_without_names_or_overlaps()
    {
        var analysis = await AnalyzeAsync();

        Assert.Equal(["Sync job", "Data migration"], analysis.Themes.Take(2));
        Assert.Contains("Data processing agreement", analysis.Themes);
        Assert.Contains("Inventory platform", analysis.Themes);
        Assert.Contains("Manual cleanup", analysis.Themes);
        Assert.DoesNotContain("Nightly sync job", analysis.Themes);
        Assert.DoesNotContain(analysis.Themes, t => t.Contains("Priya", StringComparison.OrdinalIgnoreCase) || t.Contains("Marcus", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Recommendations_alternate_mitigating_risks_and_addressing_challenges()
    {
        var analysis = await AnalyzeAsync();

        Assert.Equal("Mitigate: I'm concerned about the budget.", analysis.Recommendations[0]);
        Assert.Equal(
            "Address: The problem is the nightly sync job keeps failing when order volumes spike, and our ops team has to re-run it manually.",
            analysis.Recommendations[1]);
        Assert.Equal(HeuristicMeetingAnalyzer.MaxItems, analysis.Recommendations.Count);
        Assert.All(analysis.Recommendations, r => Assert.True(r.StartsWith("Mitigate: ", StringComparison.Ordinal) || r.StartsWith("Address: ", StringComparison.Ordinal), r));
    }

    [Fact]
    public async Task The_analysis_names_the_heuristic_and_the_meeting_and_is_the_same_every_time()
    {
        var first = await AnalyzeAsync();
        var second = await _analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        Assert.Equal("heuristic", first.Generator);
        Assert.Null(first.FallbackReason);
        Assert.Equal(4107, first.MeetingId);
        Assert.Equal(first.Themes, second.Themes);
        Assert.Equal(first.Goals, second.Goals);
        Assert.Equal(first.Challenges, second.Challenges);
        Assert.Equal(first.Risks, second.Risks);
        Assert.Equal(first.Recommendations, second.Recommendations);
    }

    [Fact]
    public async Task Lists_are_deduplicated_and_capped()
    {
        var lines = Enumerable.Range(1, 20).Select(i => $"Kim Ode: The renewal risk number {i} worries the board a great deal.")
            .Append("Kim Ode: the renewal risk number 1 worries the board a great deal!")
            .Prepend("Kim Ode: The renewal risk number 1 worries the board a great deal.");

        var analysis = await _analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(string.Join('\n', lines)), CancellationToken.None);

        Assert.Equal(HeuristicMeetingAnalyzer.MaxItems, analysis.Risks.Count);
        Assert.Equal(analysis.Risks.Count, analysis.Risks.Select(r => r.ToLowerInvariant().TrimEnd('.', '!')).Distinct().Count());
        Assert.True(analysis.Themes.Count <= HeuristicMeetingAnalyzer.MaxItems);
    }

    [Fact]
    public async Task An_empty_transcript_gives_empty_lists()
    {
        var analysis = await _analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(string.Empty), CancellationToken.None);

        Assert.Empty(analysis.Themes);
        Assert.Empty(analysis.Goals);
        Assert.Empty(analysis.Challenges);
        Assert.Empty(analysis.Risks);
        Assert.Empty(analysis.Recommendations);
    }

    private Task<MeetingAnalysis> AnalyzeAsync() => _analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);
}
