using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>
/// Collect and stage the domain's meetings → analyse their excerpts in batches, each a sub-orchestration with a
/// bounded fan-out → merge into one summary and complete the run's entity. The history of every orchestration
/// stays small however many meetings a run takes: transcripts and analyses are staged, never passed.
/// A failure ends the orchestration with an <see cref="EngagementRunException"/>; the run's entity follows it
/// (<see cref="Runs.RunStatusSync"/>), which also covers the ends no code of ours sees: terminate and non-determinism.
/// </summary>
public static partial class EngagementAggregationOrchestrator
{
    public const string Name = "EngagementAggregation";
    public const string BatchName = "AnalyzeExcerptBatch";

    /// <summary>Excerpts per sub-orchestration: bounds each history to a few hundred events.</summary>
    public const int BatchSize = 50;

    /// <summary>
    /// Storage and engine hiccups: five attempts over 15 seconds, long enough for a storage restart. A failure with
    /// a readable message is final (the meeting source retried its own calls), so it is not tried again.
    /// </summary>
    private static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(
        new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2) { HandleFailure = failure => EngagementRunException.ReadableMessage(failure) is null });

    [Function(Name)]
    public static async Task<RunOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<AggregationRequest>();
        if ((request is null ? "the run has no input." : request.Problem()) is { } problem)
        {
            throw new EngagementRunException($"The run was started with input Engage cannot use: {problem}");
        }

        var runId = context.InstanceId;
        return await ReadableFailuresAsync(context, runId, async () =>
        {
            var query = new MeetingQuery(runId, request!.Domain, context.CurrentUtcDateTime.AddDays(-request.LookbackDays), request.MaxMeetings);
            var staged = await context.CallActivityAsync<StagedRun>(EngagementActivities.CollectMeetings, query, Transient);
            context.SetCustomStatus(new { analyzed = 0, of = staged.ExcerptCount });
            for (var first = 0; first < staged.ExcerptCount; first += BatchSize)
            {
                // Not retried as a whole: its activities retry themselves.
                var batch = new ExcerptBatch(request.Domain, runId, first, Math.Min(BatchSize, staged.ExcerptCount - first), staged.ExcerptCount, request.MaxParallelAnalyses);
                await context.CallSubOrchestratorAsync(BatchName, batch, new SubOrchestrationOptions(instanceId: $"{runId}:analyze:{first}"));
                context.SetCustomStatus(new { analyzed = first + batch.Count, of = staged.ExcerptCount });
            }

            return await context.CallActivityAsync<RunOutcome>(EngagementActivities.CompleteRun, new RunCompletion(request.Domain, runId, staged.ExcerptCount), Transient);
        });
    }

    /// <summary>
    /// One batch of a run's excerpts, at most <see cref="ExcerptBatch.MaxParallelAnalyses"/> in flight; progress in
    /// about ten steps per run. Its output is how many excerpts it analysed.
    /// </summary>
    [Function(BatchName)]
    public static async Task<int> AnalyzeBatchAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var batch = context.GetInput<ExcerptBatch>() ?? throw new EngagementRunException("An analysis batch was started without its input.");
        return await ReadableFailuresAsync(context, batch.RunId, async () =>
        {
            var inFlight = new List<Task>();
            var done = 0;
            await ReportAsync();
            for (var index = batch.First; index < batch.First + batch.Count; index++)
            {
                if (inFlight.Count == batch.MaxParallelAnalyses)
                {
                    await CollectOneAsync();
                }

                inFlight.Add(context.CallActivityAsync(EngagementActivities.AnalyzeExcerpt, new ExcerptRef(batch.RunId, index), Transient));
            }

            while (inFlight.Count > 0)
            {
                await CollectOneAsync();
            }

            return done;

            async Task CollectOneAsync()
            {
                var finished = await Task.WhenAny(inFlight);
                inFlight.Remove(finished);
                await finished;
                done++;
                await ReportAsync();
            }

            async Task ReportAsync()
            {
                var analyzed = batch.First + done;
                context.SetCustomStatus(new { analyzed, of = batch.Total });
                var step = analyzed * 10 / batch.Total;
                var previous = analyzed == 0 ? -1 : (analyzed - 1) * 10 / batch.Total;
                var reportedByTheBatchBefore = done == 0 && batch.First > 0;
                if (step > previous && analyzed < batch.Total && !reportedByTheBatchBefore)
                {
                    await context.CallActivityAsync(EngagementActivities.ReportProgress, new RunProgress(batch.Domain, batch.RunId, Progress(analyzed, batch.Total)), Transient);
                }
            }
        });
    }

    public static string Progress(int analyzed, int total) => $"analyzed {analyzed} of {total}";

    /// <summary>
    /// Runs <paramref name="body"/> and turns any failure into an <see cref="EngagementRunException"/>: a failed step's
    /// readable message as it is, anything else as a fixed message, its details logged under the run id.
    /// </summary>
    private static async Task<T> ReadableFailuresAsync<T>(TaskOrchestrationContext context, string runId, Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is not EngagementRunException)
        {
            var readable = e is TaskFailedException failed ? EngagementRunException.ReadableMessage(failed.FailureDetails) : null;
            if (readable is null)
            {
                LogUnexpected(context.CreateReplaySafeLogger(typeof(EngagementAggregationOrchestrator)), e, runId, context.InstanceId);
            }

            throw new EngagementRunException(readable ?? EngagementRunException.Unexpected(runId));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Engagement run {RunId} failed in orchestration {InstanceId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string runId, string instanceId);
}
