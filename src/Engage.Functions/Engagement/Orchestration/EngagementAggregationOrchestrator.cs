using System.Text.Json;
using Engage.Functions.Engagement.Aggregation;
using Engage.Functions.Engagement.Summaries;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>
/// Collect the domain's meetings → analyse their excerpts in a bounded fan-out → merge into one
/// summary → write it to the status entity. Any failure ends the run as <c>error</c> with a
/// message a person can act on.
/// </summary>
public static class EngagementAggregationOrchestrator
{
    public const string Name = "EngagementAggregation";

    private static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    [Function(Name)]
    public static async Task<EngagementSummary?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<AggregationRequest>()
            ?? throw new InvalidOperationException($"{Name} needs an {nameof(AggregationRequest)} input.");
        try
        {
            var collected = await context.CallActivityAsync<CollectedMeetings>(EngagementActivities.CollectMeetings, request);
            var analyses = await AnalyzeAsync(context, request, collected);
            var summary = SummaryMerger.Merge(collected, analyses);
            var progress = Progress(analyses.Count, collected.Excerpts.Count);
            await context.CallActivityAsync(EngagementActivities.UpdateRun, new RunUpdate(request.Domain, request.RunId, progress, JsonSerializer.Serialize(summary)), Transient);
            return summary;
        }
        catch (TaskFailedException e)
        {
            var message = ReadableError(e.FailureDetails);
            await context.CallActivityAsync(EngagementActivities.UpdateRun, new RunUpdate(request.Domain, request.RunId, Error: message), Transient);
            throw;
        }
    }

    /// <summary>At most <see cref="AggregationRequest.MaxParallelAnalyses"/> in flight; progress reported in about ten steps.</summary>
    private static async Task<List<MeetingAnalysis>> AnalyzeAsync(TaskOrchestrationContext context, AggregationRequest request, CollectedMeetings collected)
    {
        var total = collected.Excerpts.Count;
        var results = new List<MeetingAnalysis>(total);
        var inFlight = new List<Task<MeetingAnalysis>>();
        var reported = -1;
        await ReportAsync();
        foreach (var excerpt in collected.Excerpts)
        {
            if (inFlight.Count == request.MaxParallelAnalyses)
            {
                await CollectOneAsync();
            }

            inFlight.Add(context.CallActivityAsync<MeetingAnalysis>(EngagementActivities.AnalyzeExcerpt, excerpt, Transient));
        }

        while (inFlight.Count > 0)
        {
            await CollectOneAsync();
        }

        return results;

        async Task CollectOneAsync()
        {
            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            results.Add(await done);
            await ReportAsync();
        }

        async Task ReportAsync()
        {
            context.SetCustomStatus(new { analyzed = results.Count, of = total });
            var step = total == 0 ? 10 : results.Count * 10 / total;
            if (step > reported && results.Count < total)
            {
                reported = step;
                await context.CallActivityAsync(EngagementActivities.UpdateRun, new RunUpdate(request.Domain, request.RunId, Progress(results.Count, total)), Transient);
            }
        }
    }

    private static string Progress(int analyzed, int total) => $"analyzed {analyzed} of {total}";

    private static string ReadableError(TaskFailureDetails failure) =>
        (failure.InnerFailure ?? failure).ErrorMessage;
}
