using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Commands;

/// <summary>
/// One Idempotency-Key in table <c>IdempotencyKeys</c> (PartitionKey = the endpoint, RowKey = a
/// hash of the key): the request's fingerprint, the id of what it creates, and, once answered, the response to replay.
/// </summary>
public sealed class IdempotencyRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Fingerprint { get; set; } = string.Empty;

    /// <summary>Chosen when the key is first claimed, so a retry that takes the claim over creates the same thing.</summary>
    public string ResultId { get; set; } = string.Empty;

    /// <summary>Until when the request that holds the claim is trusted to finish it; after that a retry takes over.</summary>
    public DateTimeOffset LeaseUntil { get; set; }

    public bool Completed { get; set; }

    public int StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    /// <summary>The answer's headers to replay (Location, ETag), as a JSON object.</summary>
    public string? Headers { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
