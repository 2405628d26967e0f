namespace Engage.Functions.Engagement.Summaries;

/// <summary>What one excerpt says about the account; short, self-contained sentences.</summary>
public sealed record MeetingAnalysis(
    long MeetingId,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Goals,
    IReadOnlyList<string> Challenges,
    IReadOnlyList<string> Risks,
    IReadOnlyList<string> Recommendations,
    string Generator,
    string? FallbackReason = null);
