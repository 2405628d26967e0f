using Engage.Functions.Discovery.Index;

namespace Engage.Functions.Discovery.Crews;

/// <summary>
/// One crew of one client and where its chat histories are. The connection string may hold a password, so
/// it is never part of <see cref="ToString"/>, a log line or an answer.
/// </summary>
public sealed class CrewDefinition(string client, string crew, SourceKind source, SourceTableName table, string connectionString, int shards = IndexShards.Single)
{
    public string Client { get; } = client;

    public string Crew { get; } = crew;

    public SourceKind Source { get; } = source;

    public SourceTableName Table { get; } = table;

    public string ConnectionString { get; } = connectionString;

    /// <summary>The app setting the connection string came from, if it was named: where a failure tells people to look.</summary>
    public string? ConnectionSetting { get; init; }

    /// <summary>How many index tables the crew's conversations spread over (see <see cref="IndexShards"/>).</summary>
    public int Shards { get; } = shards;

    /// <summary>The crew's partition in the index and its state row: client and crew codes never hold '|'.</summary>
    public string Key => $"{Client}|{Crew}";

    public override string ToString() => Key;
}
