namespace Engage.Functions.Discovery.Sources;

/// <summary>What the incremental scan reads of a history row: its id and its session.</summary>
public readonly record struct SourceRow(long Id, string SessionId);
