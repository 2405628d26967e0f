namespace Engage.Functions.Discovery.Crews;

/// <summary>The crews discovery runs, and the configured ones it refused.</summary>
public sealed class CrewCatalog(IReadOnlyList<CrewDefinition> crews, IReadOnlyList<RefusedCrew> refused, bool isDemo)
{
    public IReadOnlyList<CrewDefinition> Crews { get; } = crews;

    public IReadOnlyList<RefusedCrew> Refused { get; } = refused;

    /// <summary>Nothing was configured, so the crews are the generated SQLite demo.</summary>
    public bool IsDemo { get; } = isDemo;

    public CrewDefinition? Find(string client, string crew) =>
        Crews.FirstOrDefault(c => c.Client == client && c.Crew == crew);

    /// <summary>The crews matching the optional filters; a crew code alone matches it under every client.</summary>
    public IReadOnlyList<CrewDefinition> Select(string? client, string? crew) =>
        Crews.Where(c => (client is null || c.Client == client) && (crew is null || c.Crew == crew)).ToList();
}
