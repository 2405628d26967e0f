namespace Engage.Functions.Accounts;

/// <summary>
/// An account's latest complete engagement summary: the meetings it covers, what they said, and who from the account
/// took part. Lists are as the summary has them, most relevant first.
/// </summary>
/// <param name="RunId">The engagement run that wrote the summary.</param>
/// <param name="SummarizedAt">When that run completed.</param>
/// <param name="FirstMeetingAt">The oldest meeting the summary covers; null when it covers none.</param>
/// <param name="LastMeetingAt">The newest meeting the summary covers: the last contact with the account it knows of.</param>
/// <param name="PreviousMeetingsCount">The meetings of the complete run before this one, to tell a trend; null when there was none.</param>
/// <param name="MeetingIds">The meetings the summary was made from (its provenance), oldest first as the run took them.</param>
public sealed record AccountEngagement(
    string RunId,
    DateTimeOffset SummarizedAt,
    int MeetingsCount,
    DateTimeOffset? FirstMeetingAt,
    DateTimeOffset? LastMeetingAt,
    IReadOnlyList<string> Goals,
    IReadOnlyList<string> Risks,
    IReadOnlyList<string> Challenges,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Recommendations,
    IReadOnlyList<AccountContact> People,
    int? PreviousMeetingsCount,
    IReadOnlyList<long>? MeetingIds = null);

/// <summary>A person from the account who attended its meetings, and when they were last in one.</summary>
public sealed record AccountContact(string Name, string Email, DateTimeOffset LastSeen);
