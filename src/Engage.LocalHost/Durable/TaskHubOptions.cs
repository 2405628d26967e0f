using System.Globalization;
using Engage.LocalHost.Settings;

namespace Engage.LocalHost.Durable;

/// <summary>
/// The task hub and the Azure Storage provider's tuning, read from host.json's <c>extensions.durableTask</c> with
/// the names and defaults the Durable Functions extension uses, so the same file tunes both hosts.
/// </summary>
public sealed class TaskHubOptions
{
    public const string Section = "extensions:durableTask";

    public required string HubName { get; init; }

    public int PartitionCount { get; init; } = 4;

    /// <summary>How long idle queue polling may back off; the engine's default, 30 s, is long for a waiting user.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int ControlQueueBatchSize { get; init; } = 32;

    /// <summary>How long a dequeued orchestration message stays hidden: after a crash, how long until another worker sees it.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Likewise for activity messages; a running activity's message is kept hidden while it runs.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public int MaxConcurrentActivityFunctions { get; init; } = 10 * Environment.ProcessorCount;

    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10 * Environment.ProcessorCount;

    public bool ExtendedSessionsEnabled { get; init; }

    public TimeSpan ExtendedSessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool UseTablePartitionManagement { get; init; } = true;

    /// <exception cref="InvalidOperationException">A value is missing or not of its type.</exception>
    public static TaskHubOptions From(IConfiguration hostJson, IConfiguration settings)
    {
        var durable = hostJson.GetSection(Section);
        var storage = durable.GetSection("storageProvider");
        var hubName = HostJson.Resolve(durable["hubName"] ?? string.Empty, settings, "host.json extensions.durableTask.hubName");
        if (hubName.Length is < 3 or > 45 || !char.IsAsciiLetter(hubName[0]) || !hubName.All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidOperationException(
                $"The task hub name '{hubName}' (host.json extensions.durableTask.hubName) must be 3 to 45 letters and digits starting with a letter.");
        }

        var defaults = new TaskHubOptions { HubName = hubName };
        return new TaskHubOptions
        {
            HubName = hubName,
            PartitionCount = Number(storage, "partitionCount", defaults.PartitionCount, 1, 16),
            MaxQueuePollingInterval = Duration(storage, "maxQueuePollingInterval", defaults.MaxQueuePollingInterval),
            ControlQueueBatchSize = Number(storage, "controlQueueBatchSize", defaults.ControlQueueBatchSize, 1, 32),
            ControlQueueVisibilityTimeout = Duration(storage, "controlQueueVisibilityTimeout", defaults.ControlQueueVisibilityTimeout),
            WorkItemQueueVisibilityTimeout = Duration(storage, "workItemQueueVisibilityTimeout", defaults.WorkItemQueueVisibilityTimeout),
            UseTablePartitionManagement = Flag(storage, "useTablePartitionManagement", defaults.UseTablePartitionManagement),
            MaxConcurrentActivityFunctions = Number(durable, "maxConcurrentActivityFunctions", defaults.MaxConcurrentActivityFunctions, 1, 1000),
            MaxConcurrentOrchestratorFunctions = Number(durable, "maxConcurrentOrchestratorFunctions", defaults.MaxConcurrentOrchestratorFunctions, 1, 1000),
            ExtendedSessionsEnabled = Flag(durable, "extendedSessionsEnabled", defaults.ExtendedSessionsEnabled),
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(Number(durable, "extendedSessionIdleTimeoutInSeconds", (int)defaults.ExtendedSessionIdleTimeout.TotalSeconds, 1, 3600)),
        };
    }

    private static int Number(IConfigurationSection section, string key, int fallback, int min, int max) =>
        section[key] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new InvalidOperationException($"host.json {section.Path.Replace(':', '.')}.{key} must be a whole number from {min} to {max}, not '{text}'.");

    private static bool Flag(IConfigurationSection section, string key, bool fallback) =>
        section[key] is not { } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw new InvalidOperationException($"host.json {section.Path.Replace(':', '.')}.{key} must be true or false, not '{text}'.");

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback) =>
        section[key] is not { } text ? fallback
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value
        : throw new InvalidOperationException($"host.json {section.Path.Replace(':', '.')}.{key} must be a positive duration such as 00:00:01, not '{text}'.");
}
