using System.Text.Json.Nodes;
using Azure;
using Engage.Functions.Engagement.Api;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Runs;
using Engage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Engage.Functions.Tests.Engagement;

/// <summary>
/// The start function called directly, as the worker calls it, with the Durable client mocked: what it schedules and
/// how it answers when scheduling fails. The run store is the real one on Azurite.
/// </summary>
public sealed class EngagementFunctionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly Mock<DurableTaskClient> _durable = new("test") { CallBase = true };
    private EngagementAppFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new EngagementAppFactory(azurite.Server, new StaticMeetingSource(new Dictionary<string, IReadOnlyList<Meeting>>()), ("ENGAGEMENT_MAX_PARALLEL_ANALYSES", "3"));
        _app.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Start_schedules_the_aggregation_under_the_run_id_with_its_limits_in_its_input()
    {
        AggregationRequest? input = null;
        StartOrchestrationOptions? options = null;
        _durable
            .Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? i, StartOrchestrationOptions? o, CancellationToken _) =>
            {
                Assert.Equal(EngagementAggregationOrchestrator.Name, name.Name);
                (input, options) = ((AggregationRequest?)i, o);
            })
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);

        var domain = EngagementRunTests.UniqueDomain();
        var (status, body, http) = await StartAsync($$"""{"domain": "https://www.{{domain.ToUpperInvariant()}}/pricing"}""");

        Assert.Equal(StatusCodes.Status202Accepted, status);
        var runId = body["run_id"]!.GetValue<string>();
        Assert.Equal(runId, options!.InstanceId);
        Assert.Equal(new AggregationRequest(domain, LookbackDays: 180, MaxParallelAnalyses: 3, MaxMeetings: 100), input);
        Assert.Equal(RunStatus.Processing, (await Runs.GetAsync(domain, runId, CancellationToken.None))!.Status);
        Assert.Equal($"https://engage.example/runtime/webhooks/durabletask/instances/{runId}", body["statusQueryGetUri"]!.GetValue<string>());
        Assert.Equal(body["statusQueryGetUri"]!.GetValue<string>(), http.Response.Headers.Location.ToString());
        Assert.Equal("10", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task When_the_orchestration_cannot_be_scheduled_the_start_answers_503_and_the_run_reads_error()
    {
        _durable
            .Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "queue endpoint 10.1.2.3 unreachable"));

        var domain = EngagementRunTests.UniqueDomain();
        var (status, body, _) = await StartAsync($$"""{"domain": "{{domain}}"}""");

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.DoesNotContain("10.1.2.3", body.ToJsonString(), StringComparison.Ordinal);
        var page = await Runs.ListAsync(domain, 1000, null, CancellationToken.None);
        var failed = Assert.Single(page.Values);
        Assert.Equal(RunStatus.Error, failed.Status);
        Assert.Contains("could not be started", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_scheduling_reports_a_failure_but_the_instance_exists_the_start_answers_202_with_that_run()
    {
        string? scheduled = null;
        _durable
            .Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => scheduled = o!.InstanceId)
            .ThrowsAsync(new RequestFailedException(408, "the answer timed out after the message was queued"));
        _durable
            .Setup(d => d.GetInstancesAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => id == scheduled ? new OrchestrationMetadata(EngagementAggregationOrchestrator.Name, id) { RuntimeStatus = OrchestrationRuntimeStatus.Pending } : null);

        var domain = EngagementRunTests.UniqueDomain();
        var (status, body, _) = await StartAsync($$"""{"domain": "{{domain}}"}""");

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal(scheduled, body["run_id"]!.GetValue<string>());
        Assert.Equal(RunStatus.Processing, (await Runs.GetAsync(domain, scheduled!, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_client_that_hangs_up_once_the_run_is_scheduled_learns_its_run_id_when_it_retries_with_its_key()
    {
        using var hangUp = new CancellationTokenSource();
        _durable
            .Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback(hangUp.Cancel)
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        var body = $$"""{"domain": "{{EngagementRunTests.UniqueDomain()}}"}""";
        var key = Guid.NewGuid().ToString();

        var (_, first, _) = await StartAsync(body, key, hangUp.Token);
        var (status, retried, http) = await StartAsync(body, key);

        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal("true", http.Response.Headers["Idempotent-Replayed"].ToString());
        Assert.Equal(first["run_id"]!.GetValue<string>(), retried["run_id"]!.GetValue<string>());
        _durable.Verify(
            d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task A_body_that_is_not_a_start_request_never_reaches_the_durable_client()
    {
        var (status, _, _) = await StartAsync("""{"domain": 42}""");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        _durable.VerifyNoOtherCalls();
    }

    private EngagementRunStore Runs => _app.Services.GetRequiredService<EngagementRunStore>();

    private async Task<(int Status, JsonObject Body, HttpContext Http)> StartAsync(string body, string? idempotencyKey = null, CancellationToken requestAborted = default)
    {
        using var scope = _app.Services.CreateScope();
        var http = FunctionContexts.Request("POST", "/api/engagement-summary", body, scope.ServiceProvider);
        if (idempotencyKey is not null)
        {
            http.Request.Headers["Idempotency-Key"] = idempotencyKey;
        }

        var function = ActivatorUtilities.CreateInstance<EngagementFunctions>(scope.ServiceProvider);

        var result = await function.StartAsync(http.Request, _durable.Object, FunctionContexts.ForHttp(http).Object, requestAborted);
        await result.ExecuteAsync(http);

        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, JsonNode.Parse(http.Response.Body)!.AsObject(), http);
    }
}
