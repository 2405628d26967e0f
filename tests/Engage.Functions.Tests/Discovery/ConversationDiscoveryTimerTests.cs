using System.Text.Json.Nodes;
using Engage.Functions.Discovery;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Timers;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Discovery;

public sealed class ConversationDiscoveryTimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 2, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("*/2 * * * *", "2026-11-21T10:04:00Z")]
    [InlineData("0 * * * *", "2026-11-21T11:00:00Z")]
    [InlineData("30 */5 * * * *", "2026-11-21T10:05:30Z")]
    [InlineData("0 0 9-17 * * 1-5", "2026-11-23T09:00:00Z")]
    public void Five_and_six_field_schedules_parse(string expression, string next)
    {
        var schedule = TimerSchedule.Resolve(expression, DiscoveryOptions.DefaultSchedule, out var invalid);

        Assert.False(invalid);
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), schedule.Next(At));
    }

    [Fact]
    public async Task The_timer_is_named_and_scheduled_as_the_design_says()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, []);
        var timer = Assert.Single(app.Services.GetServices<ITimerFunction>().OfType<ConversationDiscoveryTimer>());

        Assert.Equal("ConversationDiscovery", timer.Name);
        Assert.Equal("CONVERSATION_DISCOVERY_CRON", timer.ScheduleSetting);
        Assert.Equal("*/5 * * * *", timer.DefaultSchedule);
        Assert.Equal("2026-11-21T10:05:00.0000000+00:00", TimerSchedule.Resolve(null, timer.DefaultSchedule, out _).Next(At).ToString("O"));
    }

    [Fact]
    public async Task An_invalid_schedule_is_logged_as_an_error_and_the_default_used()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, [], ("ENABLE_BACKGROUND_JOBS", "true"), ("CONVERSATION_DISCOVERY_CRON", "every five minutes"));
        var client = new DiscoveryClient(app.CreateClient());

        var status = await WaitForAsync(client, s => s["last_run"] is JsonObject);

        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("ConversationDiscovery", StringComparison.Ordinal) && e.Message.Contains("every five minutes", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Entries, e => e.Message == "Timer ConversationDiscovery scheduled: */5 * * * *");
        Assert.Equal("*/5 * * * *", (string)status["schedule"]!["expression"]!);
        Assert.Contains(status["alerts"]!.AsArray(), a => (string)a!["code"]! == "invalid_schedule");
        Assert.Equal("startup", (string)status["last_run"]!["trigger"]!);
    }

    [Fact]
    public async Task With_background_jobs_disabled_nothing_runs()
    {
        await using var app = new DiscoveryAppFactory(azurite.Server, [], ("ENABLE_BACKGROUND_JOBS", "false"));
        var client = new DiscoveryClient(app.CreateClient());

        await Task.Delay(500);
        var status = await client.StatusAsync();

        Assert.False((bool)status["schedule"]!["timers_enabled"]!);
        Assert.Null(status["last_run"]);
        Assert.Contains(status["alerts"]!.AsArray(), a => (string)a!["code"]! == "no_recent_run");
        Assert.Contains(app.Logs.Entries, e => e.Message == "Timers are off: ENABLE_BACKGROUND_JOBS=false");
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
