using Engage.Functions.Discovery.Index;

namespace Engage.Functions.Discovery.Engine;

public sealed record CrewRunResult(bool Succeeded, int Sessions, IndexChanges Changes, TimeSpan Duration, string? Error);
