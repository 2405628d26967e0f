using System.Text.Json;
using System.Text.Json.Nodes;
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
/// the extension from the caller's request.
/// </summary>
public sealed partial class EngagementRunStarter(
    EngagementRunStore runs,
    EngagementOptions options,
    TimeProvider timeProvider,
    ILogger<EngagementRunStarter> logger)
{
    private static readonly JsonSerializerOptions LinkNames = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<StartedRun> StartAsync(string domain, DurableTaskClient durable, HttpRequestData request, CancellationToken cancellationToken)
    {
        // Version 7 ids sort by creation time, which makes a domain's runs list in order.
        var runId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString();
        await runs.StartAsync(domain, runId, cancellationToken);
        var since = timeProvider.GetUtcNow().AddDays(-options.LookbackDays);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                EngagementAggregationOrchestrator.Name,
                new AggregationRequest(domain, runId, since, options.MaxParallelAnalyses),
                new StartOrchestrationOptions(runId),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStartFailed(domain, runId, e);
            await runs.FailAsync(domain, runId, "The run could not be started because the orchestration store is unavailable; try again.", CancellationToken.None);
            var problem = new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                ["title"] = "The run could not be started.",
                ["status"] = StatusCodes.Status503ServiceUnavailable,
                ["detail"] = "The orchestration store is unavailable; try again in a moment.",
            };
            return new StartedRun(StatusCodes.Status503ServiceUnavailable, problem, null);
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

        return new StartedRun(StatusCodes.Status202Accepted, body, links.StatusQueryGetUri);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engagement run {RunId} started for {Domain}")]
    private partial void LogStarted(string domain, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Engagement run {RunId} for {Domain} could not be scheduled")]
    private partial void LogStartFailed(string domain, string runId, Exception exception);
}
