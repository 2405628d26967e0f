namespace Engage.Functions.Engagement.Orchestration;

/// <summary>
/// The input of one engagement aggregation; the run id is also the orchestration's instance id. Limits that
/// shape the orchestration travel here rather than being read from settings, so a changed setting never
/// changes a run that is replaying.
/// </summary>
public sealed record AggregationRequest(string Domain, string RunId, DateTimeOffset Since, int MaxParallelAnalyses);
