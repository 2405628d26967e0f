namespace Engage.Functions.Tests.Discovery;

/// <summary>A row that has its id but is not visible yet: committed by <see cref="CommitAsync"/>.</summary>
public abstract class LateRow : IAsyncDisposable
{
    public abstract Task CommitAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
