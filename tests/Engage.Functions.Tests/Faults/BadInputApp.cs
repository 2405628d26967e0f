using System.Net;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Tests.Discovery;
using Engage.Functions.Tests.Engagement;
using Engage.LocalHost.Durable.Management;
using Engage.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// The app for the bad-input matrix, on an Azurite of its own so that no other test's writes show in its snapshots:
/// two crews (PostgreSQL and SQLite) with indexed conversations, one engagement run held Running in its first
/// activity (started with an Idempotency-Key) and one finished, and every read route called once, so that what
/// is created on first use exists before the matrix starts.
/// </summary>
public sealed class BadInputApp : IAsyncLifetime
{
    private readonly ScriptedMeetingSource _meetings = new();
    private readonly SqliteChatHistory _sales = new();
    private AzuriteServer? _azurite;
    private DiscoveryAppFactory? _factory;

    public KnownValues Known { get; private set; } = null!;

    public DiscoveryAppFactory Factory => _factory ?? throw new InvalidOperationException("The app is not started.");

    public TestServer Server => Factory.Server;

    public DurableTaskClient Durable => Factory.Services.GetRequiredService<DurableTaskClient>();

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var support = new PostgresChatHistory(await PostgresServer.SharedAsync());
        await support.CreateAsync();
        await support.AddAsync(Conversations.Generate(3, 2));
        await _sales.CreateAsync(withCreatedAt: true);
        await _sales.AddAsync(Conversations.Generate(3, 2, "p"));
        _factory = new DiscoveryAppFactory(_azurite, [support.Crew("acme", "support"), _sales.Crew("acme", "sales", shards: 4)])
        {
            ServiceChanges = services => services.Replace(ServiceDescriptor.Singleton<IMeetingSource>(_meetings)),
        };
        await _factory.Runner.RunAsync("test", CancellationToken.None);

        using var http = _factory.CreateClient();
        var engagement = new EngagementClient(http);
        var held = ScriptedMeetingSource.NewDomain();
        _meetings.Block(held);
        var (started, startBody) = await engagement.StartAsync($"{{\"domain\":\"{held}\"}}", idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = startBody!["run_id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (_meetings.Calls(held) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the held run did not reach its first activity within a minute");
            await Task.Delay(50);
        }

        // A finished run as well, so its summary blob, its run row and a completed instance are in the snapshots.
        var finished = ScriptedMeetingSource.NewDomain();
        var (_, finishedBody) = await engagement.StartAsync($"{{\"domain\":\"{finished}\"}}");
        await engagement.WaitAsync(finished, finishedBody!["run_id"]!.GetValue<string>(), TimeSpan.FromMinutes(1));

        Known = new KnownValues(
            ScriptedMeetingSource.NewDomain(),
            Guid.CreateVersion7().ToString(),
            "acme",
            "support",
            Conversations.SessionId("s", 1),
            "sales",
            Conversations.SessionId("p", 1),
            runId,
            "no-such-instance",
            DiscoveryAppFactory.WebhookSecret,
            await WorkflowRecordValues.SeedAsync(_factory),
            await CustomerValues.SeedAsync(_factory),
            await ExecutionValues.SeedAsync(_factory),
            await ChatValues.SeedAsync(_factory));
        foreach (var path in (string[])
        [
            $"/api/engagement-status?domain={held}&run_id={runId}",
            $"/api/engagement-summary/{held}/latest",
            "/api/engagement-runs",
            "/api/conversations",
            $"/api/conversations/acme/support/{Known.SessionId}",
            $"/api/conversations/acme/sales/{Known.SqliteSessionId}",
            "/api/discovery/status",
            "/api/health",
            DurableManagementApi.BasePath + "/instances",
            $"{DurableManagementApi.BasePath}/instances/{runId}",
            .. Known.WorkflowRecords.WarmUpPaths,
            .. Known.Customers.WarmUpPaths,
            .. Known.Executions.WarmUpPaths,
            .. Known.Chat.WarmUpPaths,
        ])
        {
            using var response = await http.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"warming up, {path} answered {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// The storage once it has stopped changing (or as it is after 30 s): the engine may still be settling the held
    /// run, and after the matrix a write that lands late (an event the orchestration takes up) must be seen.
    /// </summary>
    public async Task<StorageSnapshot> SettledSnapshotAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = await SnapshotAsync();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var next = await SnapshotAsync();
            if (next.SameAs(last))
            {
                break;
            }

            last = next;
        }

        return last;
    }

    public async Task DisposeAsync()
    {
        _meetings.ReleaseAll();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private Task<StorageSnapshot> SnapshotAsync() => StorageSnapshot.TakeAsync(_azurite!.ConnectionString, Factory.HubName, Durable);
}
