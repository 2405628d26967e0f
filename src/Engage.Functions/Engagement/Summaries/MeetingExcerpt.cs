namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// A part of one meeting small enough for one analysis call: the transcript is cut into
/// excerpts that fit the token budget, each analysed on its own.
/// </summary>
public sealed record MeetingExcerpt(
    long MeetingId,
    string Title,
    DateTimeOffset StartedAt,
    string Domain,
    int Part,
    int Parts,
    IReadOnlyList<string> Participants,
    string Transcript);
