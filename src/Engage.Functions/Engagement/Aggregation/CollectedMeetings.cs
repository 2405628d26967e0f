namespace Engage.Functions.Engagement.Aggregation;

/// <summary>
/// What the collect step keeps of a run's meetings for the merge: the people and the provenance facts. The
/// transcripts are staged apart, excerpt by excerpt, so they never travel through the orchestration's history.
/// </summary>
/// <param name="Meetings">Each meeting's title and link, for the summary's provenance; absent in runs staged before it was kept.</param>
/// <param name="MeetingsFound">Meetings that matched, before the run's cap took the newest <paramref name="MeetingsCap"/>.</param>
public sealed record CollectedMeetings(
    string Source,
    IReadOnlyList<long> MeetingIds,
    IReadOnlyDictionary<long, DateTimeOffset> StartedAt,
    DateTimeOffset? PeriodFrom,
    DateTimeOffset? PeriodTo,
    IReadOnlyList<PersonSummary> People,
    int MeetingsFound,
    int MeetingsCap,
    IReadOnlyList<SummaryMeeting>? Meetings = null);
