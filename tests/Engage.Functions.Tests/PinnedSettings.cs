using Engage.Functions.Discovery;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Retention;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Hosting;

namespace Engage.Functions.Tests;

/// <summary>
/// Settings every test app starts from: local development, both timers off but with their schedules set (a test turns
/// one on with <c>AzureWebJobs.&lt;name&gt;.Disabled=false</c>), and every setting that would point the app at a real
/// Fathom or LLM blank. Tests set their own values after these.
/// </summary>
public static class PinnedSettings
{
    public static IReadOnlyList<(string Key, string? Value)> All { get; } =
    [
        (FunctionsEnvironment.Setting, FunctionsEnvironment.Development),
        (DiscoveryOptions.ScheduleSetting, "0 */5 * * * *"),
        (EngagementRetentionTimer.ScheduleSetting, "0 30 3 * * *"),
        (FunctionSwitch.SettingFor(ConversationDiscoveryTimer.FunctionName), "true"),
        (FunctionSwitch.SettingFor(EngagementRetentionTimer.FunctionName), "true"),
        (FathomOptions.ApiKeySetting, string.Empty),
        (FathomOptions.BaseUrlSetting, string.Empty),
        (OpenAiSettings.ApiKeySetting, string.Empty),
        (OpenAiSettings.ApiTypeSetting, string.Empty),
        (OpenAiSettings.BaseUrlSetting, string.Empty),
        (OpenAiSettings.ModelSetting, string.Empty),
        (OpenAiSettings.UseAzureCredentialSetting, string.Empty),
    ];
}
