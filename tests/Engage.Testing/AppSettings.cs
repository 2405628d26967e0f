using Engage.Functions.Discovery;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Retention;
using Engage.Functions.Hosting;
using Engage.Functions.Llm;
using Engage.Functions.Workflows.Chat.Threads;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Planner;

namespace Engage.Testing;

/// <summary>The settings a host under test or bench starts from, so no timer or developer setting changes a result.</summary>
public static class AppSettings
{
    /// <summary>Local development, the timers off (their schedules unset: the local host's own tests need that), and no demo customers.</summary>
    public static IReadOnlyList<(string Key, string? Value)> Quiet { get; } =
    [
        (FunctionsEnvironment.Setting, FunctionsEnvironment.Development),
        (FunctionSwitch.SettingFor(ConversationDiscoveryTimer.FunctionName), "true"),
        (FunctionSwitch.SettingFor(EngagementRetentionTimer.FunctionName), "true"),
        (FunctionSwitch.SettingFor(CustomerRulesTimer.FunctionName), "true"),
        (DemoCustomers.Setting, "false"),
        (FunctionSwitch.SettingFor(WorkflowPlannerTimer.FunctionName), "true"),
        (FunctionSwitch.SettingFor(ChatIdleThreadsTimer.FunctionName), "true"),
    ];

    /// <summary>
    /// <see cref="Quiet"/>, with the timers' schedules set (a test turns one on with
    /// <c>AzureWebJobs.&lt;name&gt;.Disabled=false</c>) and every setting that would point the app at a real Fathom or
    /// LLM blank. A command's answer waits up to 60 s for its orchestration, not 10 s: the tests assert what the
    /// command did, and on a loaded 2-core machine a fresh task hub can take longer than 10 s to get to it.
    /// Tests set their own values after these.
    /// </summary>
    public static IReadOnlyList<(string Key, string? Value)> Pinned { get; } =
    [
        .. Quiet,
        (DiscoveryOptions.ScheduleSetting, "0 */5 * * * *"),
        (EngagementRetentionTimer.ScheduleSetting, "0 30 3 * * *"),
        (CustomerRulesTimer.ScheduleSetting, "0 5 0 * * *"),
        (WorkflowPlannerTimer.ScheduleSetting, "0 0 6 * * *"),
        (ChatIdleThreadsTimer.ScheduleSetting, "0 0 * * * *"),
        (ExecutionCommandOptions.EffectWaitSetting, "60"),
        (FathomOptions.ApiKeySetting, string.Empty),
        (FathomOptions.BaseUrlSetting, string.Empty),
        (OpenAiSettings.ApiKeySetting, string.Empty),
        (OpenAiSettings.ApiTypeSetting, string.Empty),
        (OpenAiSettings.BaseUrlSetting, string.Empty),
        (OpenAiSettings.ModelSetting, string.Empty),
        (OpenAiSettings.UseAzureCredentialSetting, string.Empty),
    ];

    /// <summary><paramref name="settings"/> with some added or replaced.</summary>
    public static IReadOnlyList<(string Key, string? Value)> With(this IReadOnlyList<(string Key, string? Value)> settings, params (string Key, string? Value)[] changes) =>
        [.. settings.Where(s => !changes.Any(c => string.Equals(c.Key, s.Key, StringComparison.OrdinalIgnoreCase))), .. changes];
}
