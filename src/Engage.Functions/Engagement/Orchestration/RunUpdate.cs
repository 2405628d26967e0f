namespace Engage.Functions.Engagement.Orchestration;

/// <summary>A change to a run's status entity, made by an activity (orchestrators do no I/O).</summary>
public sealed record RunUpdate(string Domain, string RunId, string? Progress = null, string? SummaryJson = null, string? Error = null);
