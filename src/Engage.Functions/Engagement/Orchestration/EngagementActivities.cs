using Engage.Durable;
using Engage.Durable.Activities;
using Engage.Functions.Engagement.Aggregation;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>The engagement orchestration's activities: all of its I/O.</summary>
public static class EngagementActivities
{
    public const string CollectMeetings = "CollectMeetings";
    public const string AnalyzeExcerpt = "AnalyzeExcerpt";
    public const string UpdateRun = "UpdateRun";

    public static DurableTaskRegistry AddEngagementTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<EngagementAggregationOrchestrator>(EngagementAggregationOrchestrator.Name)
        .AddActivityFunc<AggregationRequest, CollectedMeetings>(CollectMeetings, CollectAsync)
        .AddActivityFunc<MeetingExcerpt, MeetingAnalysis>(AnalyzeExcerpt, (context, excerpt) =>
            context.Services.GetRequiredService<IMeetingAnalyzer>().AnalyzeAsync(excerpt, CancellationToken.None))
        .AddActivityFunc<RunUpdate, bool>(UpdateRun, UpdateAsync);

    private static async Task<CollectedMeetings> CollectAsync(TaskActivityContext context, AggregationRequest request)
    {
        var source = context.Services.GetRequiredService<IMeetingSource>();
        var options = context.Services.GetRequiredService<EngagementOptions>();
        var meetings = (await source.GetMeetingsAsync(request.Domain, request.Since, CancellationToken.None))
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

    private static async Task<bool> UpdateAsync(TaskActivityContext context, RunUpdate update)
    {
        var runs = context.Services.GetRequiredService<EngagementRunStore>();
        if (update.Error is not null)
        {
            await runs.FailAsync(update.Domain, update.RunId, update.Error, CancellationToken.None);
        }
        else if (update.SummaryJson is not null)
        {
            await runs.CompleteAsync(update.Domain, update.RunId, update.SummaryJson, update.Progress ?? string.Empty, CancellationToken.None);
        }
        else if (update.Progress is not null)
        {
            await runs.ReportProgressAsync(update.Domain, update.RunId, update.Progress, CancellationToken.None);
        }

        return true;
    }
}
