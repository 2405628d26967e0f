namespace Engage.Functions.Discovery.Sources;

public sealed record TranscriptMessage(long Id, string? Type, string Content, DateTimeOffset? CreatedAt);
