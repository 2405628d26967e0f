using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Workflows.Customers;

/// <summary>A domain's row in table <c>CustomerDomains</c>: PartitionKey = the domain, RowKey <c>claim</c>, naming the customer that has it.</summary>
public sealed class CustomerDomainClaim : ITableEntity
{
    public const string ClaimRowKey = "claim";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = ClaimRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public DateTimeOffset ClaimedAt { get; set; }
}
