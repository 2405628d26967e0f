namespace Engage.Durable.Worker;

/// <summary>A cached instance disagreed with a message in a way only a fresh read can settle.</summary>
internal sealed class StaleCacheException() : Exception("The cached instance is stale.");
