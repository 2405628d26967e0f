using Engage.Functions.Hosting;

namespace Engage.LocalHost.Tests.Support;

/// <summary>The settings every host under test starts with, so no timer or developer setting changes a result.</summary>
public static class TestSettings
{
    public const string DiscoveryTimer = "ConversationDiscovery";
    public const string RetentionTimer = "EngagementRetention";

    /// <summary>Development, and both timers off.</summary>
    public static IReadOnlyList<(string Key, string? Value)> Quiet { get; } =
    [
        (FunctionsEnvironment.Setting, FunctionsEnvironment.Development),
        (FunctionSwitch.SettingFor(DiscoveryTimer), "true"),
        (FunctionSwitch.SettingFor(RetentionTimer), "true"),
    ];

    /// <summary><see cref="Quiet"/> with some settings added or replaced.</summary>
    public static IReadOnlyList<(string Key, string? Value)> QuietWith(params (string Key, string? Value)[] changes) =>
        [.. Quiet.Where(s => !changes.Any(c => string.Equals(c.Key, s.Key, StringComparison.OrdinalIgnoreCase))), .. changes];
}
