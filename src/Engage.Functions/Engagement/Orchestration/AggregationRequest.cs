namespace Engage.Functions.Engagement.Orchestration;

/// <summary>The input of one engagement aggregation; the run id is also the orchestration's instance id.</summary>
public sealed record AggregationRequest(string Domain, string RunId, DateTimeOffset Since);
