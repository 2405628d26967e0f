namespace Engage.Durable.Worker;

/// <summary>
/// Lets tests stop the engine at a <see cref="CrashPoint"/> as if the process died there. In
/// production it does nothing.
/// </summary>
internal sealed class EngineHooks
{
    public Func<CrashPoint, string, CancellationToken, Task> At { get; set; } = (_, _, _) => Task.CompletedTask;
}
