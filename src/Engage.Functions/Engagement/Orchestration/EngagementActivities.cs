using System.Text.Json;
using Engage.Functions.Engagement.Aggregation;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Staging;
using Engage.Functions.Engagement.Summaries;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>The engagement orchestration's activities: all of its I/O.</summary>
public sealed class EngagementActivities(IMeetingSource source, IMeetingAnalyzer analyzer, EngagementRunStore runs, RunStaging staging, EngagementOptions options)
{
    public const string CollectMeetings = "CollectMeetings";
    public const string AnalyzeExcerpt = "AnalyzeExcerpt";
    public const string ReportProgress = "ReportProgress";
    public const string CompleteRun = "CompleteRun";

    /// <summary>Fetches the domain's meetings, keeps the newest <see cref="MeetingQuery.MaxMeetings"/>, and stages their excerpts.</summary>
    [Function(CollectMeetings)]
    public async Task<StagedRun> CollectAsync([ActivityTrigger] MeetingQuery query, CancellationToken cancellationToken)
    {
        var found = (await source.GetMeetingsAsync(query.Domain, query.Since, cancellationToken))
            .Where(m => m.Invitees.Any(i => PeopleAggregator.IsFromDomain(i.Email, query.Domain)))
            .ToList();
        var meetings = found
            .OrderByDescending(m => m.StartedAt)
            .ThenByDescending(m => m.RecordingId)
            .Take(query.MaxMeetings)
            .Reverse()
            .ToList();
        var excerpts = meetings.SelectMany(m => TranscriptChunker.Chunk(query.Domain, m, options.ExcerptTokenBudget)).ToList();
        var collected = new CollectedMeetings(
            source.Name,
            meetings.Select(m => m.RecordingId).ToList(),
            meetings.ToDictionary(m => m.RecordingId, m => m.StartedAt),
            meetings.Count == 0 ? null : meetings[0].StartedAt,
            meetings.Count == 0 ? null : meetings[^1].StartedAt,
            PeopleAggregator.Aggregate(query.Domain, meetings),
            found.Count,
            query.MaxMeetings,
            [.. meetings.Select(m => new SummaryMeeting(m.RecordingId, m.Title, m.StartedAt, m.Url))]);
        await staging.SaveAsync(query.RunId, collected, excerpts, cancellationToken);
        return new StagedRun(found.Count, meetings.Count, excerpts.Count);
    }

    [Function(AnalyzeExcerpt)]
    public async Task AnalyzeAsync([ActivityTrigger] ExcerptRef excerpt, CancellationToken cancellationToken)
    {
        var staged = await staging.ReadExcerptAsync(excerpt.RunId, excerpt.Index, cancellationToken);
        var analysis = await analyzer.AnalyzeAsync(staged, cancellationToken);
        await staging.SaveAnalysisAsync(excerpt.RunId, excerpt.Index, analysis, cancellationToken);
    }

    [Function(ReportProgress)]
    public Task ReportAsync([ActivityTrigger] RunProgress progress, CancellationToken cancellationToken) =>
        runs.ReportProgressAsync(progress.Domain, progress.RunId, progress.Progress, cancellationToken);

    /// <summary>Merges the staged analyses into the summary, completes the run's entity with it, and clears the staging.</summary>
    [Function(CompleteRun)]
    public async Task<RunOutcome> CompleteAsync([ActivityTrigger] RunCompletion completion, CancellationToken cancellationToken)
    {
        var collected = await staging.ReadCollectedAsync(completion.RunId, cancellationToken);
        var analyses = await staging.ReadAnalysesAsync(completion.RunId, completion.ExcerptCount, cancellationToken);
        var summary = SummaryMerger.Merge(collected, analyses);
        var progress = EngagementAggregationOrchestrator.Progress(analyses.Count, completion.ExcerptCount);
        await runs.CompleteAsync(completion.Domain, completion.RunId, JsonSerializer.Serialize(summary), progress, cancellationToken);
        await staging.DeleteAsync(completion.RunId, cancellationToken);
        return new RunOutcome(summary.MeetingsCount, summary.Provenance.Generator);
    }
}
