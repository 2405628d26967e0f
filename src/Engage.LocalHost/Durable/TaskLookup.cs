using DurableTask.Core;

namespace Engage.LocalHost.Durable;

/// <summary>
/// Orchestrations or activities looked up by name alone, a fresh object per episode or call as the engine expects;
/// versions are not used, as in Durable Functions.
/// </summary>
public sealed class TaskLookup<T>(Func<string, T?> create) : INameVersionObjectManager<T>
    where T : class
{
    public void Add(ObjectCreator<T> creator) =>
        throw new NotSupportedException("Tasks are looked up by name; there is nothing to add.");

    public T? GetObject(string name, string? version) => create(name);
}
