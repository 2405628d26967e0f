namespace Engage.Durable.Client;

public sealed record PurgeResult(int PurgedInstanceCount);
