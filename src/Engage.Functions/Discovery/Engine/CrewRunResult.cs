using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;

namespace Engage.Functions.Discovery.Engine;

public sealed record CrewRunResult(CrewDefinition Crew, bool Succeeded, int Sessions, IndexChanges Changes, TimeSpan Duration, string? Error);
