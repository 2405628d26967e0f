namespace Engage.Functions.Discovery.Demo;

/// <summary>A crew of the demo database: what its customers ask and how its bot answers.</summary>
public sealed record DemoCrew(string Client, string Crew, string Table, bool HasCreatedAt, int Conversations, string[] Questions, string[] Answers);
