using System.Text.Json.Serialization;
using Engage.Functions.Accounts;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>
/// The input of one engagement aggregation. The run id is the orchestration's instance id, never part of the input,
/// so an orchestration can only write its own run. Limits that shape the orchestration travel here rather than being
/// read from settings, so a changed setting never changes a run that is replaying.
/// </summary>
public sealed record AggregationRequest(string Domain, int LookbackDays, int MaxParallelAnalyses, int MaxMeetings)
{
    public static AggregationRequest For(string domain, EngagementOptions options) =>
        new(domain, options.LookbackDays, options.MaxParallelAnalyses, options.MaxMeetings);

    /// <summary>
    /// Why this input cannot be run, or null. The orchestrator asks again although the starter built the input,
    /// because anyone who can reach the task hub can start the orchestration with any input.
    /// </summary>
    public string? Problem()
    {
        if (!CustomerDomain.TryNormalize(Domain, out var canonical, out var error))
        {
            return error;
        }

        return canonical != Domain ? $"the domain must be given in canonical form (\"{canonical}\")."
            : LookbackDays is < 1 or > EngagementOptions.MaxLookbackDays ? $"the lookback must be 1 to {EngagementOptions.MaxLookbackDays} days."
            : MaxParallelAnalyses is < 1 or > EngagementOptions.MaxParallelAnalysesLimit ? $"the parallelism must be 1 to {EngagementOptions.MaxParallelAnalysesLimit}."
            : MaxMeetings is < 1 or > EngagementOptions.MaxMeetingsLimit ? $"the meeting cap must be 1 to {EngagementOptions.MaxMeetingsLimit}."
            : null;
    }
}

/// <summary>What <see cref="EngagementActivities.CollectMeetings"/> fetches and stages for run <paramref name="RunId"/>.</summary>
public sealed record MeetingQuery(string RunId, string Domain, DateTimeOffset Since, int MaxMeetings);

/// <summary>What a run has staged: the analyses work on its excerpts by index.</summary>
public sealed record StagedRun(int MeetingsFound, int MeetingsKept, int ExcerptCount);

/// <summary>Excerpts [<paramref name="First"/>, First + Count) of a run's <paramref name="Total"/>, analysed by one sub-orchestration.</summary>
public sealed record ExcerptBatch(string Domain, string RunId, int First, int Count, int Total, int MaxParallelAnalyses);

/// <summary>One staged excerpt of a run.</summary>
public sealed record ExcerptRef(string RunId, int Index);

/// <summary>A progress line for a run's status entity.</summary>
public sealed record RunProgress(string Domain, string RunId, string Progress);

/// <summary>What a finished run hands back as its orchestration output, named as in the summary, which is in the run's entity.</summary>
public sealed record RunOutcome(
    [property: JsonPropertyName("meetings_count")] int MeetingsCount,
    [property: JsonPropertyName("generator")] string Generator);

/// <summary>What <see cref="EngagementActivities.CompleteRun"/> merges: a run's <paramref name="ExcerptCount"/> staged analyses.</summary>
public sealed record RunCompletion(string Domain, string RunId, int ExcerptCount);
