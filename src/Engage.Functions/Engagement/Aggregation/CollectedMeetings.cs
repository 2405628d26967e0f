using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>What the collect step hands the orchestration: the people, the excerpts to analyse, and the provenance facts.</summary>
public sealed record CollectedMeetings(
    string Source,
    IReadOnlyList<long> MeetingIds,
    DateTimeOffset? PeriodFrom,
    DateTimeOffset? PeriodTo,
    IReadOnlyList<PersonSummary> People,
    IReadOnlyList<MeetingExcerpt> Excerpts);
