using Engage.Functions.Engagement.Aggregation;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Summaries;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>The engagement orchestration's activities: all of its I/O.</summary>
public sealed class EngagementActivities(IMeetingSource source, IMeetingAnalyzer analyzer, EngagementRunStore runs, EngagementOptions options)
{
    public const string CollectMeetings = "CollectMeetings";
    public const string AnalyzeExcerpt = "AnalyzeExcerpt";
    public const string UpdateRun = "UpdateRun";

    [Function(CollectMeetings)]
    public async Task<CollectedMeetings> CollectAsync([ActivityTrigger] AggregationRequest request, CancellationToken cancellationToken)
    {
        var meetings = (await source.GetMeetingsAsync(request.Domain, request.Since, cancellationToken))
            .Where(m => m.Invitees.Any(i => PeopleAggregator.IsFromDomain(i.Email, request.Domain)))
            .OrderBy(m => m.StartedAt)
            .ToList();
        return new CollectedMeetings(
            source.Name,
            meetings.Select(m => m.RecordingId).ToList(),
            meetings.Count == 0 ? null : meetings[0].StartedAt,
            meetings.Count == 0 ? null : meetings[^1].StartedAt,
            PeopleAggregator.Aggregate(request.Domain, meetings),
            meetings.SelectMany(m => TranscriptChunker.Chunk(request.Domain, m, options.ExcerptTokenBudget)).ToList());
    }

    [Function(AnalyzeExcerpt)]
    public Task<MeetingAnalysis> AnalyzeAsync([ActivityTrigger] MeetingExcerpt excerpt, CancellationToken cancellationToken) =>
        analyzer.AnalyzeAsync(excerpt, cancellationToken);

    [Function(UpdateRun)]
    public async Task UpdateAsync([ActivityTrigger] RunUpdate update, CancellationToken cancellationToken)
    {
        if (update.Error is not null)
        {
            await runs.FailAsync(update.Domain, update.RunId, update.Error, cancellationToken);
        }
        else if (update.SummaryJson is not null)
        {
            await runs.CompleteAsync(update.Domain, update.RunId, update.SummaryJson, update.Progress ?? string.Empty, cancellationToken);
        }
        else if (update.Progress is not null)
        {
            await runs.ReportProgressAsync(update.Domain, update.RunId, update.Progress, cancellationToken);
        }
    }
}
