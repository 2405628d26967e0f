namespace Engage.Functions.Discovery.Crews;

/// <summary>Where a crew's n8n chat histories live.</summary>
public enum SourceKind
{
    Postgres,
    Sqlite,
}
