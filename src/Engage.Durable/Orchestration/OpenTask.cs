namespace Engage.Durable.Orchestration;

/// <summary>A durable task the orchestrator awaits and history will complete.</summary>
internal abstract class OpenTask(string name)
{
    public string Name { get; } = name;

    public abstract void Complete(string? data);

    public abstract void Fail(Exception exception);
}

internal sealed class OpenTask<T>(string name) : OpenTask(name)
{
    private readonly TaskCompletionSource<T> _completion = new();

    public Task<T> Task => _completion.Task;

    public override void Complete(string? data) => _completion.TrySetResult(DataConverter.Deserialize<T>(data)!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel() => _completion.TrySetCanceled();
}
