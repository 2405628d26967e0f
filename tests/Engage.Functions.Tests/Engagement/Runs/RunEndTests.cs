using System.Net;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Summaries;
using Engage.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Engagement.Runs;

/// <summary>
/// Every way a run's orchestration can end reaches the run's status within a poll or two, with a message a person
/// can act on and no exception text; and no orchestration can write a run other than its own.
/// </summary>
public sealed class RunEndTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string SecretHost = "db-7.internal.example";
    private readonly ScriptedMeetingSource _meetings = new();
    private readonly MergeBreakingAnalyzer _analyzer = new();
    private EngagementAppFactory _app = null!;
    private EngagementClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new EngagementAppFactory(azurite.Server, _meetings) { ExtraServices = services => services.Replace(ServiceDescriptor.Singleton<IMeetingAnalyzer>(_analyzer)) };
        _client = new EngagementClient(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _meetings.ReleaseAll();
        await _app.DisposeAsync();
    }

    private DurableTaskClient Durable => _app.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task A_run_terminated_through_the_management_API_reads_error_at_the_next_poll()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        _meetings.Block(domain);
        var runId = await StartAsync(domain);
        await Durable.WaitForInstanceStartAsync(runId);

        using var terminated = await _client.Http.PostAsync($"/runtime/webhooks/durabletask/instances/{runId}/terminate?reason=customer+churned", content: null);
        await Durable.WaitForInstanceCompletionAsync(runId);
        var done = await _client.WaitAsync(domain, runId, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal("error", done["status"]!.GetValue<string>());
        Assert.Equal(RunStatusSync.TerminatedMessage, done["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_step_that_always_throws_ends_the_run_as_error_with_a_fixed_message_and_no_exception_text()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        _meetings.Throw(domain, new InvalidOperationException($"Connection refused ({SecretHost}:5432)"));
        var runId = await StartAsync(domain);

        var done = await _client.WaitAsync(domain, runId, TimeSpan.FromSeconds(60));
        var durableStatus = await _client.Http.GetStringAsync($"/runtime/webhooks/durabletask/instances/{runId}");

        Assert.Equal("error", done["status"]!.GetValue<string>());
        Assert.Equal(EngagementRunException.Unexpected(runId), done["error"]!.GetValue<string>());
        Assert.Contains("Failed", durableStatus, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretHost, durableStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_in_the_merge_after_the_fan_out_ends_the_run_as_error()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        _analyzer.BreaksFor = domain;
        _meetings.Serve(domain, SampleMeetings.For(domain, 3, DateTimeOffset.UtcNow));
        var runId = await StartAsync(domain);

        var done = await _client.WaitAsync(domain, runId, TimeSpan.FromSeconds(60));

        Assert.Equal("error", done["status"]!.GetValue<string>());
        Assert.Equal(EngagementRunException.Unexpected(runId), done["error"]!.GetValue<string>());
        Assert.Equal("analyzed 2 of 3", done["progress"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_readable_source_failure_reaches_the_run_as_it_is()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        _meetings.Fail(domain, "Fathom rejected the API key (401); check FATHOM_API_KEY.");
        var runId = await StartAsync(domain);

        var done = await _client.WaitAsync(domain, runId, TimeSpan.FromSeconds(60));

        Assert.Equal("Fathom rejected the API key (401); check FATHOM_API_KEY.", done["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_input_that_names_another_run_cannot_write_it()
    {
        var victimDomain = ScriptedMeetingSource.NewDomain();
        var victimId = await StartAsync(victimDomain);
        var victim = await _client.WaitAsync(victimDomain, victimId);

        // The input shape of an earlier version, which carried the run id to write and a free "since".
        var crafted = await Durable.ScheduleNewOrchestrationInstanceAsync(
            EngagementAggregationOrchestrator.Name,
            new { Domain = victimDomain, RunId = victimId, Since = DateTimeOffset.UtcNow.AddDays(30), MaxParallelAnalyses = 2 });
        var ended = await Durable.WaitForInstanceCompletionAsync(crafted, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, ended.RuntimeStatus);
        Assert.StartsWith("The run was started with input Engage cannot use", ended.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(victim.ToJsonString(), (await _client.StatusAsync(victimDomain, victimId)).Single()!.ToJsonString());
    }

    [Fact]
    public async Task Starting_a_finished_runs_instance_id_again_does_not_replace_its_summary()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        var runId = await StartAsync(domain);
        var first = await _client.WaitAsync(domain, runId);
        var firstExecution = await Durable.WaitForInstanceCompletionAsync(runId);
        _meetings.Serve(domain, SampleMeetings.For(domain, 2, DateTimeOffset.UtcNow));

        await Durable.ScheduleNewOrchestrationInstanceAsync(
            EngagementAggregationOrchestrator.Name,
            new AggregationRequest(domain, LookbackDays: 30, MaxParallelAnalyses: 2, MaxMeetings: 10),
            new StartOrchestrationOptions(runId));
        var secondExecution = await WaitForNextExecutionAsync(runId, firstExecution.CreatedAt);

        Assert.Equal("complete", first["status"]!.GetValue<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, secondExecution.RuntimeStatus);
        Assert.Equal(2, secondExecution.ReadOutputAs<RunOutcome>()!.MeetingsCount);
        Assert.Equal(first.ToJsonString(), (await _client.StatusAsync(domain, runId)).Single()!.ToJsonString());
    }

    /// <summary>The instance's next execution once it has finished: the instance id stays, the creation time moves on.</summary>
    private async Task<OrchestrationMetadata> WaitForNextExecutionAsync(string instanceId, DateTimeOffset previousCreatedAt)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var instance = await Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance is { IsCompleted: true } && instance.CreatedAt > previousCreatedAt)
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"instance {instanceId} did not run again within a minute");
            await Task.Delay(200);
        }
    }

    private async Task<string> StartAsync(string domain)
    {
        var (response, started) = await _client.StartAsync($"{{\"domain\":\"{domain}\"}}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return started!["run_id"]!.GetValue<string>();
    }

    /// <summary>Analyses every excerpt with a theme; for the third meeting of <see cref="BreaksFor"/>, with a list missing, which the merge cannot take.</summary>
    private sealed class MergeBreakingAnalyzer : IMeetingAnalyzer
    {
        public string? BreaksFor { get; set; }

        public Task<MeetingAnalysis> AnalyzeAsync(MeetingExcerpt excerpt, CancellationToken cancellationToken) =>
            Task.FromResult(new MeetingAnalysis(excerpt.MeetingId, ["theme"], [], [], excerpt.Domain == BreaksFor && excerpt.MeetingId % 3 == 0 ? null! : [], [], "test"));
    }
}
