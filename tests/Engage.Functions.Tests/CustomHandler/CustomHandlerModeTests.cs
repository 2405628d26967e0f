using System.Net;
using Engage.Durable.Client;
using Engage.Durable.Orchestration;
using Engage.Durable.Worker;
using Engage.Functions.Tests.Engagement;
using Engage.Storage.Queues;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Engage.Functions.Tests.CustomHandler;

public sealed class CustomHandlerModeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Under_the_host_the_app_fires_no_timer_and_polls_no_queue_itself()
    {
        // The same every-second timer and the same pending orchestration in both modes, started together: once
        // the standalone app has run the timer and taken the orchestration's message, the hosted one would have too.
        var hosted = new RecordingTimer("EverySecond", "EVERY_SECOND_CRON");
        var standalone = new RecordingTimer("EverySecond", "EVERY_SECOND_CRON");
        await using var hostedApp = new CustomHandlerAppFactory(azurite.Server) { Timers = { hosted } };
        await using var standaloneApp = new CustomHandlerAppFactory(azurite.Server, customHandler: false) { Timers = { standalone } };
        var hostedRun = await StartRunAsync(hostedApp);
        var standaloneRun = await StartRunAsync(standaloneApp);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (standalone.Runs.IsEmpty || (await Client(standaloneApp).GetInstanceAsync(standaloneRun))!.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
        {
            Assert.True(DateTime.UtcNow < deadline, "the standalone app did not act within 30 s, so the comparison proves nothing");
            await Task.Delay(100);
        }

        // Beyond the worker's longest idle poll interval (1 s) and the timer's period.
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Empty(hosted.Runs);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await Client(hostedApp).GetInstanceAsync(hostedRun))!.RuntimeStatus);
        var queues = hostedApp.Services.GetRequiredService<QueueServiceClient>();
        var waiting = 0;
        foreach (var name in hostedApp.Services.GetRequiredService<DurableTaskDispatcher>().ControlQueueNames)
        {
            waiting += (await queues.GetQueueClient(name).PeekMessagesAsync(32)).Value.Count(m => m.MessageText.Contains(hostedRun, StringComparison.Ordinal));
        }

        Assert.Equal(1, waiting);
        Assert.DoesNotContain(hostedApp.Services.GetServices<IHostedService>(), s => s.GetType().Name == "DurableTaskWorker");
        Assert.Contains(hostedApp.Logs.Entries, e => e.Message == "Timers are off: the Functions host runs the timers");
    }

    [Fact]
    public async Task The_host_s_readiness_check_at_the_root_gets_an_answer()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);

        using var response = await factory.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Forwarded_requests_reach_the_app_s_routes_and_management_links_stay_below_the_route_prefix()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var http = factory.CreateClient();

        var (started, body) = await new EngagementClient(http).StartAsync("""{"domain":"acmecorp.com"}""");
        var status = new Uri(body!["statusQueryGetUri"]!.GetValue<string>());
        using var poll = await http.GetAsync(status.PathAndQuery);
        using var health = await http.GetAsync("/api/health");
        using var durableDefault = await http.GetAsync("/runtime/webhooks/durabletask/instances");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.StartsWith("/api/durabletask/instances/", status.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, durableDefault.StatusCode);
    }

    private static async Task<string> StartRunAsync(CustomHandlerAppFactory factory)
    {
        var (response, body) = await new EngagementClient(factory.CreateClient()).StartAsync("""{"domain":"initech.com"}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return body!["run_id"]!.GetValue<string>();
    }

    private static DurableTaskClient Client(CustomHandlerAppFactory factory) => factory.Services.GetRequiredService<DurableTaskClient>();
}
