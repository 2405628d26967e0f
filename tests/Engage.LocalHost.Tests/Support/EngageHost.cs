using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Runs;
using Engage.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.LocalHost.Tests.Support;

/// <summary>
/// The app under the local host on the test run's Azurite, both timers off, its meetings from
/// <see cref="Meetings"/>; shared by the tests of <see cref="EngageHostCollection"/>, which run one at a time.
/// </summary>
public sealed class EngageHost : IAsyncLifetime
{
    private LocalHostFactory? _factory;

    public ScriptedMeetingSource Meetings { get; } = new();

    public LocalHostFactory Factory => _factory ?? throw new InvalidOperationException("The host is not started.");

    public HttpClient Http { get; private set; } = null!;

    public DurableTaskClient Durable => Factory.Services.GetRequiredService<DurableTaskClient>();

    public string HubName => Factory.HubName;

    public async Task InitializeAsync()
    {
        // The orchestrator's invocation lines are debug level, below the default minimum.
        var settings = AppSettings.Quiet.With(("Logging:LogLevel:Function.EngagementAggregation", "Debug"));
        _factory = new LocalHostFactory(await AzuriteServer.SharedAsync(), settings)
        {
            ServiceChanges = services => services.Replace(ServiceDescriptor.Singleton<IMeetingSource>(Meetings)),
        };
        Http = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Meetings.ReleaseAll();
        Http.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>Starts a run as the frontend does, and returns the starter's answer.</summary>
    public async Task<JsonElement> StartRunAsync(string domain)
    {
        using var response = await Http.PostAsJsonAsync("/api/engagement-summary", new { domain });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Starts a run whose meetings never come until the returned run is disposed; it is Running when returned.</summary>
    public async Task<BlockedRun> StartBlockedRunAsync()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        var gate = Meetings.Block(domain);
        var started = await StartRunAsync(domain);
        var run = new BlockedRun(this, started.GetProperty("id").GetString()!, gate) { Started = started };
        await WaitForStatusAsync(run.Id, OrchestrationRuntimeStatus.Running);
        return run;
    }

    /// <summary><see cref="StartBlockedRunAsync"/> with an instance id of the test's choosing.</summary>
    public async Task<BlockedRun> StartBlockedWithIdAsync(string instanceId)
    {
        var domain = ScriptedMeetingSource.NewDomain();
        var run = new BlockedRun(this, instanceId, Meetings.Block(domain));
        await StartWithIdAsync(instanceId, domain);
        await WaitForStatusAsync(instanceId, OrchestrationRuntimeStatus.Running);
        return run;
    }

    /// <summary>Starts a run and waits until it has completed.</summary>
    public async Task<JsonElement> StartCompletedRunAsync()
    {
        var started = await StartRunAsync(ScriptedMeetingSource.NewDomain());
        await WaitForStatusAsync(started.GetProperty("id").GetString()!, OrchestrationRuntimeStatus.Completed);
        return started;
    }

    /// <summary>Starts a run whose meeting source fails with <paramref name="message"/>, and waits until it has failed.</summary>
    public async Task<JsonElement> StartFailedRunAsync(string message)
    {
        var domain = ScriptedMeetingSource.NewDomain();
        Meetings.Fail(domain, message);
        var started = await StartRunAsync(domain);
        await WaitForStatusAsync(started.GetProperty("id").GetString()!, OrchestrationRuntimeStatus.Failed);
        return started;
    }

    /// <summary>Starts the app's orchestration with an instance id of the test's choosing (its run row first, which its activities update).</summary>
    public async Task<string> StartWithIdAsync(string instanceId, string domain)
    {
        await Factory.Services.GetRequiredService<EngagementRunStore>().StartAsync(domain, instanceId, CancellationToken.None);
        return await Durable.ScheduleNewOrchestrationInstanceAsync(
            EngagementAggregationOrchestrator.Name,
            new AggregationRequest(domain, LookbackDays: 30, MaxParallelAnalyses: 2, MaxMeetings: 10),
            new StartOrchestrationOptions(instanceId));
    }

    /// <summary>GETs <paramref name="url"/> until its JSON answer satisfies <paramref name="until"/>; fails the test after a minute.</summary>
    public async Task<JsonElement> PollAsync(string url, Func<JsonElement, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            using var response = await Http.GetAsync(url);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (until(body))
            {
                return body;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"{url} still answered {(int)response.StatusCode} {body} after a minute.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the instance is in <paramref name="status"/>; fails the test after a minute.</summary>
    public async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            var instance = await Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance?.RuntimeStatus == status)
            {
                return instance;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Instance {instanceId} is {instance?.RuntimeStatus.ToString() ?? "missing"}, not {status}, after a minute.");
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>
/// A run held in its first activity. Disposing it terminates the run if it is still in progress and then lets the
/// activity finish, so no activity slot stays taken for the tests that follow.
/// </summary>
public sealed class BlockedRun(EngageHost host, string id, TaskCompletionSource gate) : IAsyncDisposable
{
    public string Id => id;

    /// <summary>The starter's answer, with the status links, for a run started through the API.</summary>
    public JsonElement Started { get; init; }

    public string Link(string name) => Started.GetProperty(name).GetString()!;

    public async ValueTask DisposeAsync()
    {
        if (await host.Durable.GetInstanceAsync(Id) is { IsCompleted: false })
        {
            await host.Durable.TerminateInstanceAsync(Id, "test over");
        }

        gate.TrySetResult();
    }
}

[CollectionDefinition(Name)]
public sealed class EngageHostCollection : ICollectionFixture<EngageHost>
{
    public const string Name = "Engage under the local host";
}
