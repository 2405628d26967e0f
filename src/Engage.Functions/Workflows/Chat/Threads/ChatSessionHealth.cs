using Engage.Functions.Health;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>How many chat session states failed their checksum and were rebuilt since this process started.</summary>
public sealed class ChatSessionHealth
{
    private long _repaired;

    public long Repaired => Interlocked.Read(ref _repaired);

    public void CorruptionFound() => Interlocked.Increment(ref _repaired);
}

/// <summary>
/// <c>chat.sessions</c> on <c>/api/health</c>: degraded once a session state failed its checksum, with the count of
/// those rebuilt since start, so corruption is seen even though every such thread was answered from its events.
/// </summary>
public sealed class ChatSessionsProbe(ChatSessionHealth sessions) : IHealthProbe
{
    public string Group => "chat";

    public string Name => "sessions";

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var repaired = sessions.Repaired;
        var details = new Dictionary<string, string> { ["corruptions_repaired"] = repaired.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var result = repaired == 0
            ? ProbeResult.Healthy(TimeSpan.Zero)
            : ProbeResult.Degraded(TimeSpan.Zero, $"{repaired} chat session states failed their checksum since start and were rebuilt from their events; see the error log");
        return Task.FromResult(result with { Details = details });
    }
}
