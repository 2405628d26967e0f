using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Engagement.Idempotency;

/// <summary>
/// One Idempotency-Key in table <c>IdempotencyKeys</c> (PartitionKey = the endpoint, RowKey = a
/// hash of the key): the request's fingerprint and, once answered, the response to replay.
/// </summary>
public sealed class IdempotencyRecord : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Fingerprint { get; set; } = string.Empty;

    public bool Completed { get; set; }

    public int StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
