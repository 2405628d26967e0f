namespace Engage.Functions.Discovery.Engine;

/// <summary>A run over every crew, or why it did not run or stopped before its end (<see cref="SkippedBecause"/>).</summary>
public sealed record DiscoveryRunResult(IReadOnlyList<CrewRunResult> Crews, string? SkippedBecause)
{
    public bool Skipped => SkippedBecause is not null;

    public static DiscoveryRunResult Skip(string reason) => new([], reason);
}
