namespace Engage.Functions.Discovery.Crews;

/// <summary>A configured crew that is not run, and why; shown in the status.</summary>
public sealed record RefusedCrew(string Client, string Crew, string Reason);
