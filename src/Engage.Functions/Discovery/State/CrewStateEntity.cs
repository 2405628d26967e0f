using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.State;

/// <summary>A crew's discovery state in table <c>DiscoveryState</c>: PartitionKey "crew", RowKey = client|crew.</summary>
public sealed class CrewStateEntity : ITableEntity
{
    public const string Partition = "crew";

    /// <summary>How many recent outcomes the error rate is taken over.</summary>
    public const int OutcomeWindow = 20;

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The table the cursor belongs to; a crew pointed at another table starts over.</summary>
    public string Table { get; set; } = string.Empty;

    /// <summary>The index layout the cursor belongs to; a crew indexed under another layout starts over.</summary>
    public string IndexLayout { get; set; } = string.Empty;

    /// <summary>Every id up to here is indexed, except the <see cref="PendingIds"/>.</summary>
    public long Cursor { get; set; }

    /// <summary>Ids below the cursor that were missing when read, re-checked until they expire (see <c>PendingIds</c>).</summary>
    public string PendingIds { get; set; } = string.Empty;

    /// <summary>The last run stopped at its time budget with rows left to read.</summary>
    public bool Behind { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public double LastDurationMs { get; set; }

    public string? LastTrigger { get; set; }

    public int SessionsScanned { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Why the most recent failed run failed (a fixed sentence, see <c>CrewFailure</c>); kept after the crew recovers.</summary>
    public string? LastFailure { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>The last <see cref="OutcomeWindow"/> outcomes, newest last: 's' succeeded, 'f' failed.</summary>
    public string RecentOutcomes { get; set; } = string.Empty;

    /// <summary>Conversations in the index, counted as they are created.</summary>
    public long Conversations { get; set; }

    public bool? HasCreatedAt { get; set; }

    public bool? SessionIdIndexed { get; set; }

    /// <summary>Why the last run failed; null once a run succeeds. Worked out, so not stored (as <see cref="ErrorRate"/>).</summary>
    [IgnoreDataMember]
    public string? LastError => ConsecutiveFailures > 0 ? LastFailure : null;

    /// <summary>Worked out from <see cref="RecentOutcomes"/>, so not stored: the SDK would write every readable property.</summary>
    [IgnoreDataMember]
    public double ErrorRate => RecentOutcomes.Length == 0 ? 0 : (double)RecentOutcomes.Count(c => c == 'f') / RecentOutcomes.Length;

    /// <summary>A run's outcome: <paramref name="failure"/> is null when it succeeded.</summary>
    public void RecordOutcome(DateTimeOffset startedAt, string? failure)
    {
        var outcomes = RecentOutcomes + (failure is null ? 's' : 'f');
        RecentOutcomes = outcomes.Length > OutcomeWindow ? outcomes[^OutcomeWindow..] : outcomes;
        if (failure is null)
        {
            ConsecutiveFailures = 0;
            LastSuccessAt = startedAt;
        }
        else
        {
            ConsecutiveFailures++;
            LastFailure = failure;
            LastFailureAt = startedAt;
        }
    }
}
