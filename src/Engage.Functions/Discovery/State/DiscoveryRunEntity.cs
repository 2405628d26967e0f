using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.State;

/// <summary>The last discovery run over all crews: PartitionKey "run", RowKey "last".</summary>
public sealed class DiscoveryRunEntity : ITableEntity
{
    public const string Partition = "run";
    public const string Row = "last";
    public const int RecentRunLimit = 50;

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public double DurationMs { get; set; }

    public string Trigger { get; set; } = string.Empty;

    public int Crews { get; set; }

    public int FailedCrews { get; set; }

    /// <summary>Sessions read and index rows created and updated over every crew in this run.</summary>
    public int Sessions { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    /// <summary>
    /// The last <see cref="RecentRunLimit"/> runs, this one included, oldest first, as a JSON array of
    /// <see cref="DiscoveryRunSummary"/>: kept on this one row so the console's chart of runs over time costs no
    /// extra table and no extra write per run (a row's property holds 64 KiB; 50 runs take about 8).
    /// </summary>
    public string RecentRuns { get; set; } = "[]";
}

/// <summary>One run in <see cref="DiscoveryRunEntity.RecentRuns"/>.</summary>
public sealed record DiscoveryRunSummary(
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("duration_ms")] double DurationMs,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("crews")] int Crews,
    [property: JsonPropertyName("failed_crews")] int FailedCrews,
    [property: JsonPropertyName("sessions")] int Sessions,
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("updated")] int Updated);
