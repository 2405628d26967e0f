namespace Engage.Functions.Discovery.Sources;

/// <summary>A session's metadata as the source's grouped aggregate query computes it, from all of its rows.</summary>
public sealed record SessionSummary(
    string SessionId,
    long MessageCount,
    long HumanCount,
    long AiCount,
    long FirstMessageId,
    long LastMessageId,
    DateTimeOffset? FirstMessageAt,
    DateTimeOffset? LastMessageAt,
    string? LastMessageType,
    string Preview);
