using Engage.Durable.Orchestration;

namespace Engage.Durable.Client;

/// <summary>Which finished instances a bulk purge removes: created in a time range, in the given statuses (default: every terminal one).</summary>
public sealed record PurgeInstancesFilter(DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);
