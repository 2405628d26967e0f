namespace Engage.Functions.Discovery.Sources;

/// <summary>What a crew's table offers beyond n8n's id, session_id and message.</summary>
/// <param name="HasCreatedAt">A <c>created_at</c> column exists, so message times are known.</param>
/// <param name="SessionIdIndexed">An index leads with <c>session_id</c>; without one every metadata query scans the table.</param>
public sealed record SourceSchema(bool HasCreatedAt, bool SessionIdIndexed);
