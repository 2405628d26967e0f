using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Engagement.Runs;

/// <summary>The status entity of one run in table <c>EngagementRuns</c>: PartitionKey = domain, RowKey = run id.</summary>
public sealed class EngagementRunEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = RunStatus.Processing;

    /// <summary>The summary as JSON, once complete, when it fits in a property.</summary>
    public string? Summary { get; set; }

    /// <summary>The blob in <c>engagement-summaries</c> that holds a summary too large for <see cref="Summary"/>.</summary>
    public string? SummaryBlob { get; set; }

    public string? Error { get; set; }

    public string? Progress { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
