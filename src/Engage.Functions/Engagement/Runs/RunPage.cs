namespace Engage.Functions.Engagement.Runs;

/// <summary>One page of the run list, and the token of the next page when there is one.</summary>
public sealed record RunPage(IReadOnlyList<EngagementRunEntity> Values, string? ContinuationToken);
