namespace Engage.Durable.Storage;

/// <summary>Another writer committed to the instance first; the episode must be redone on fresh state.</summary>
internal sealed class ConcurrencyConflictException(string instanceId, Exception inner)
    : Exception($"Instance '{instanceId}' was changed by another writer.", inner);
