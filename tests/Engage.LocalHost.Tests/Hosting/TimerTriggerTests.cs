using Engage.Functions.Discovery.Timer;
using Engage.Functions.Engagement.Retention;
using Engage.Functions.Hosting;
using Engage.LocalHost.Tests.Support;
using Engage.Testing;
using Microsoft.Extensions.Logging;

namespace Engage.LocalHost.Tests.Hosting;

/// <summary>
/// The app's two timers: ConversationDiscovery (<c>%CONVERSATION_DISCOVERY_CRON%</c>, runOnStartup) and
/// EngagementRetention (<c>%ENGAGEMENT_RETENTION_CRON%</c>).
/// </summary>
public sealed class TimerTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string DiscoveryCron = "CONVERSATION_DISCOVERY_CRON";
    private const string RetentionCron = "ENGAGEMENT_RETENTION_CRON";

    /// <summary>New Year's midnight: a schedule that never comes due during a test.</summary>
    private const string Yearly = "0 0 0 1 1 *";

    [Fact]
    public async Task A_timer_whose_schedule_setting_is_missing_or_not_NCRONTAB_is_not_run_and_an_error_says_why()
    {
        await using var host = StartWithTimers(discoveryCron: "every day at noon", retentionCron: string.Empty);

        var invalid = await host.Logs.WaitForAsync(e => NotRun(e, ConversationDiscoveryTimer.FunctionName), "refusing the discovery schedule");
        var missing = await host.Logs.WaitForAsync(e => NotRun(e, EngagementRetentionTimer.FunctionName), "refusing the retention schedule");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(LogLevel.Error, invalid.Level);
        Assert.Contains("'every day at noon' is not a 5- or 6-field NCRONTAB expression", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Error, missing.Level);
        Assert.Contains(RetentionCron, missing.Message, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Invocations(ConversationDiscoveryTimer.FunctionName, "Executing"));
        Assert.Empty(host.Logs.Invocations(EngagementRetentionTimer.FunctionName, "Executing"));
    }

    [Fact]
    public async Task RunOnStartup_runs_the_discovery_timer_once_at_start_and_the_retention_timer_waits_for_its_schedule()
    {
        await using var host = StartWithTimers(discoveryCron: Yearly, retentionCron: Yearly);

        await host.Logs.WaitUntilAsync(() => host.Logs.Invocations(ConversationDiscoveryTimer.FunctionName, "Executed").Count > 0, "of the start-up discovery run", seconds: 60);
        await host.Logs.WaitForAsync(e => Scheduled(e, EngagementRetentionTimer.FunctionName), "scheduling retention");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Single(host.Logs.Invocations(ConversationDiscoveryTimer.FunctionName, "Executing"));
        Assert.Contains("Reason='timerTrigger'", host.Logs.Invocations(ConversationDiscoveryTimer.FunctionName, "Executing")[0].Message, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Invocations(EngagementRetentionTimer.FunctionName, "Executing"));
    }

    [Fact]
    public async Task A_timer_runs_on_its_schedule_and_a_disabled_one_never_does()
    {
        await using var host = StartWithTimers(discoveryCron: "* * * * * *", retentionCron: "*/2 * * * * *", discoveryOff: true);

        await host.Logs.WaitUntilAsync(() => host.Logs.Invocations(EngagementRetentionTimer.FunctionName, "Executed").Count >= 2, "of two scheduled retention runs", seconds: 60);

        Assert.Empty(host.Logs.Invocations(ConversationDiscoveryTimer.FunctionName, "Executing"));
        Assert.DoesNotContain(host.Logs.Entries, e => Scheduled(e, ConversationDiscoveryTimer.FunctionName));
    }

    /// <summary>A host with both timers on the given schedules, discovery switched off if asked.</summary>
    private OwnHost StartWithTimers(string discoveryCron, string retentionCron, bool discoveryOff = false) =>
        OwnHost.Start(
            azurite.Server,
            (FunctionSwitch.SettingFor(ConversationDiscoveryTimer.FunctionName), discoveryOff ? "true" : "false"),
            (FunctionSwitch.SettingFor(EngagementRetentionTimer.FunctionName), "false"),
            (DiscoveryCron, discoveryCron),
            (RetentionCron, retentionCron));

    private static bool NotRun(CapturedLogEntry entry, string timer) =>
        entry.Message.StartsWith($"Timer {timer} is not run:", StringComparison.Ordinal);

    private static bool Scheduled(CapturedLogEntry entry, string timer) =>
        entry.Message.StartsWith($"Timer {timer} scheduled:", StringComparison.Ordinal);
}
