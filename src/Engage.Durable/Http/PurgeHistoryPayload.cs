namespace Engage.Durable.Http;

/// <summary>The body of a successful purge, as Durable's PurgeHistoryResult: <c>{"instancesDeleted": N}</c>.</summary>
internal sealed record PurgeHistoryPayload(int InstancesDeleted);
