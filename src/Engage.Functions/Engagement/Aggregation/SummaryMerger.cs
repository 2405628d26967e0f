using System.Text;
using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>
/// Merges per-excerpt analyses into one account summary without another model call: items are
/// deduplicated by their normalised text and ranked by how many excerpts raised them, then by
/// recency, so what keeps coming up comes first.
/// </summary>
public static class SummaryMerger
{
    public const int MaxItemsPerList = 10;

    public static EngagementSummary Merge(CollectedMeetings collected, IReadOnlyList<MeetingAnalysis> analyses)
    {
        List<(string Text, IReadOnlyList<long> Meetings)> Rank(Func<MeetingAnalysis, IReadOnlyList<string>> pick) => analyses
            .SelectMany(a => pick(a).Select(text => (Text: text.Trim(), a.MeetingId, When: collected.StartedAt.GetValueOrDefault(a.MeetingId))))
            .Where(x => x.Text.Length > 0)
            .GroupBy(x => Normalise(x.Text))
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Max(x => x.When))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(MaxItemsPerList)
            .Select(g => (g.First().Text, (IReadOnlyList<long>)[.. g.Select(x => x.MeetingId).Distinct().Order()]))
            .ToList();

        var themes = Rank(a => a.Themes);
        var goals = Rank(a => a.Goals);
        var challenges = Rank(a => a.Challenges);
        var risks = Rank(a => a.Risks);
        var recommendations = Rank(a => a.Recommendations);
        static IReadOnlyList<string> Texts(List<(string Text, IReadOnlyList<long> Meetings)> items) => [.. items.Select(i => i.Text)];
        static IReadOnlyList<IReadOnlyList<long>> Sources(List<(string Text, IReadOnlyList<long> Meetings)> items) => [.. items.Select(i => i.Meetings)];

        return new EngagementSummary(
            collected.MeetingIds.Count,
            collected.People,
            Texts(themes),
            Texts(goals),
            Texts(challenges),
            Texts(risks),
            Texts(recommendations),
            new SummaryProvenance(
                Generator(analyses),
                FallbackReason(analyses),
                collected.Source,
                collected.MeetingIds,
                collected.PeriodFrom,
                collected.PeriodTo,
                collected.MeetingsFound,
                collected.MeetingsCap,
                collected.Meetings),
            new ItemMeetings(Sources(themes), Sources(goals), Sources(challenges), Sources(risks), Sources(recommendations)));
    }

    /// <summary>The model if any excerpt was analysed by it, else the heuristic (also for zero meetings).</summary>
    private static string Generator(IReadOnlyList<MeetingAnalysis> analyses) =>
        analyses.Select(a => a.Generator).FirstOrDefault(g => g != "heuristic") ?? "heuristic";

    private static string? FallbackReason(IReadOnlyList<MeetingAnalysis> analyses)
    {
        var fallbacks = analyses.Where(a => a.FallbackReason is not null).ToList();
        return fallbacks.Count == 0
            ? null
            : $"{fallbacks.Count} of {analyses.Count} excerpts were analysed by the heuristic: {fallbacks[0].FallbackReason}";
    }

    private static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Trim();
    }
}
