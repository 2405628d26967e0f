using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Durable;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Engagement.Api;

/// <summary>
/// Starts one run: the status entity first (so a poll right after the answer finds it), then
/// the orchestration with the run id as its instance id. Concurrent starts for one domain are
/// separate runs, as the frontend expects. The answer carries the Durable Functions status links, built by
/// the extension from the caller's request. Once the orchestration is scheduled the answer is 202, whatever
/// fails after that: the run is running.
/// </summary>
public sealed partial class EngagementRunStarter(
    EngagementRunStore runs,
    EngagementOptions options,
    TimeProvider timeProvider,
    ILogger<EngagementRunStarter> logger)
{
    private static readonly JsonSerializerOptions LinkNames = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Version 7 ids sort by creation time, which makes a domain's runs list in order.</summary>
    public string NewRunId() => Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString();

    /// <summary>
    /// Starts run <paramref name="runId"/>, or answers for it when <paramref name="mayExist"/> and an earlier attempt
    /// of the same request started it. Only writing the entity heeds <paramref name="cancellationToken"/>: after that a
    /// caller who hangs up must not leave a run half started.
    /// </summary>
    public async Task<IResult> StartAsync(string domain, string runId, bool mayExist, DurableTaskClient durable, HttpRequestData request, CancellationToken cancellationToken)
    {
        await runs.StartAsync(domain, runId, cancellationToken);
        var running = (mayExist && await durable.InstanceExistsAsync(runId, logger)) || await TryScheduleAsync(domain, runId, durable);
        if (!running)
        {
            await runs.FailAsync(domain, runId, "The run could not be started because the orchestration store is unavailable; try again.", CancellationToken.None);
            return TypedResults.Problem(
                detail: "The orchestration store is unavailable; try again in a moment.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The run could not be started.");
        }

        LogStarted(domain, runId);
        var links = durable.CreateHttpManagementPayload(runId, request);
        var body = new JsonObject
        {
            ["ok"] = true,
            ["domain"] = domain,
            ["run_id"] = runId,
            ["status"] = RunStatus.Processing,
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(links, LinkNames)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        return new CommandAnswer(
            StatusCodes.Status202Accepted,
            body,
            new Dictionary<string, string> { ["Location"] = links.StatusQueryGetUri!, ["Retry-After"] = "10" });
    }

    private async Task<bool> TryScheduleAsync(string domain, string runId, DurableTaskClient durable)
    {
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                EngagementAggregationOrchestrator.Name,
                AggregationRequest.For(domain, options),
                new StartOrchestrationOptions(runId),
                CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStartFailed(domain, runId, e);

            // The call can fail after the task hub took the instance (a timeout on the answer): then the run is running.
            return await durable.InstanceExistsAsync(runId, logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engagement run {RunId} started for {Domain}")]
    private partial void LogStarted(string domain, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Engagement run {RunId} for {Domain} could not be scheduled")]
    private partial void LogStartFailed(string domain, string runId, Exception exception);
}
