using System.Text.Json.Nodes;
using Engage.Functions.Discovery;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Hosting;
using Engage.LocalHost.Functions;
using Engage.Testing;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Discovery;

public sealed class ConversationDiscoveryTimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 2, 30, TimeSpan.Zero);
    private static readonly (string, string) TimerOn = (FunctionSwitch.SettingFor(ConversationDiscoveryTimer.FunctionName), "false");

    [Theory]
    [InlineData("*/2 * * * *", "2026-11-21T10:04:00Z")]
    [InlineData("0 * * * *", "2026-11-21T11:00:00Z")]
    [InlineData("30 */5 * * * *", "2026-11-21T10:05:30Z")]
    [InlineData("0 0 9-17 * * 1-5", "2026-11-23T09:00:00Z")]
    public void Five_and_six_field_schedules_parse(string expression, string next)
    {
        Assert.True(TimerSchedule.TryParse(expression, out var schedule));
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), schedule!.Next(At));
    }

    [Fact]
    public void The_timer_takes_its_schedule_from_the_setting_and_runs_at_start_up()
    {
        var timer = Assert.Single(FunctionCatalog.Load(AppContext.BaseDirectory).Functions, f => f.Name == ConversationDiscoveryTimer.FunctionName);

        Assert.Equal("timerTrigger", timer.Trigger.Type);
        Assert.Equal("%CONVERSATION_DISCOVERY_CRON%", timer.Trigger.Schedule);
        Assert.True(timer.Trigger.RunOnStartup);
    }

    [Fact]
    public async Task With_the_timer_on_a_run_happens_at_start_up()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, [], TimerOn);
        var client = new DiscoveryClient(app.CreateClient());

        var status = await WaitForAsync(client, s => s["last_run"] is JsonObject);

        Assert.True((bool)status["schedule"]!["timers_enabled"]!);
        Assert.Equal("timer", (string)status["last_run"]!["trigger"]!);
        Assert.Equal("0 */5 * * * *", (string)status["schedule"]!["expression"]!);
        Assert.DoesNotContain(status["alerts"]!.AsArray(), a => (string)a!["code"]! == "no_recent_run");
    }

    [Fact]
    public async Task An_invalid_schedule_keeps_the_timer_off_with_an_error_logged_and_alerted()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, [], TimerOn, (DiscoveryOptions.ScheduleSetting, "every five minutes"));
        var client = new DiscoveryClient(app.CreateClient());

        await Task.Delay(500);
        var status = await client.StatusAsync();

        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(ConversationDiscoveryTimer.FunctionName, StringComparison.Ordinal) && e.Message.Contains("every five minutes", StringComparison.Ordinal));
        Assert.Contains(status["alerts"]!.AsArray(), a => (string)a!["code"]! == "invalid_schedule");
        Assert.Null(status["schedule"]!["next_run_at"]);
        Assert.Null(status["last_run"]);
    }

    [Fact]
    public async Task With_the_timer_disabled_nothing_runs()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, []);
        var client = new DiscoveryClient(app.CreateClient());

        await Task.Delay(500);
        var status = await client.StatusAsync();

        Assert.False((bool)status["schedule"]!["timers_enabled"]!);
        Assert.Null(status["last_run"]);
        Assert.Contains(status["alerts"]!.AsArray(), a => (string)a!["code"]! == "no_recent_run");
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.StartsWith("Discovery run", StringComparison.Ordinal));
    }

    internal static async Task<JsonObject> WaitForAsync(DiscoveryClient client, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var status = await client.StatusAsync();
            if (condition(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }
}
