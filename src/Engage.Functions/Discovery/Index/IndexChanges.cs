namespace Engage.Functions.Discovery.Index;

/// <summary>What writing a batch of sessions did to the index.</summary>
public readonly record struct IndexChanges(int Created, int Updated, int Unchanged)
{
    public static IndexChanges operator +(IndexChanges a, IndexChanges b) =>
        new(a.Created + b.Created, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}
