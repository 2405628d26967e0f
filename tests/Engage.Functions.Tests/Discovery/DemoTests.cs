using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Hosting;
using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

/// <summary>What <c>./run</c> shows on a fresh clone: the SQLite demo, indexed at start-up.</summary>
public sealed class DemoTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task With_nothing_configured_the_demo_crews_are_listed_and_each_has_a_last_run()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, crews: null, (FunctionSwitch.SettingFor(ConversationDiscoveryTimer.FunctionName), "false"));
        var client = new DiscoveryClient(app.CreateClient());

        var status = await ConversationDiscoveryTimerTests.WaitForAsync(client, s => s["crews"]!.AsArray().All(c => c!["last_run_at"] is not null));
        var page = await client.ListAsync("?limit=20");

        Assert.True((bool)status["demo"]!);
        Assert.True(status["crews"]!.AsArray().Count >= 3);
        Assert.All(status["crews"]!.AsArray(), c => Assert.NotNull(c!["last_run_at"]));
        Assert.All(status["crews"]!.AsArray(), c => Assert.True((long)c!["conversations"]! > 0));
        Assert.True((long)status["metrics"]!["total_conversations"]! >= 200);
        var items = page["items"]!.AsArray();
        Assert.Equal(20, items.Count);
        Assert.All(items, i => Assert.True((long)i!["message_count"]! > 0 && (long)i["human_messages"]! > 0));
        Assert.NotNull(page["continuation"]);
        Assert.DoesNotContain(status["alerts"]!.AsArray(), a => (string)a!["severity"]! == "error");
        Assert.IsType<JsonObject>(status["metrics"]);
    }
}
