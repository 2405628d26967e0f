using System.Globalization;
using System.Text.RegularExpressions;
using Engage.Functions.Hosting;

namespace Engage.Functions.Discovery;

/// <summary>Settings of conversation discovery (app settings, see docs/configuration.md).</summary>
public sealed partial class DiscoveryOptions
{
    public const string ScheduleSetting = "CONVERSATION_DISCOVERY_CRON";
    public const string WebhookSecretHeader = "X-Webhook-Secret";

    /// <summary>How long one crew may run before it stops and keeps its progress for the next run.</summary>
    public TimeSpan CrewBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an id that was missing below a read one is re-checked: a transaction may still commit it.</summary>
    public TimeSpan OverlapWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The shared secret n8n sends in <see cref="WebhookSecretHeader"/>; no secret, no webhook.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Prefixes the feature's tables, so environments (or tests) can share a storage account.</summary>
    public string TablePrefix { get; init; } = string.Empty;

    /// <summary>The conversation index of crews in one table.</summary>
    public string IndexTable => TablePrefix + "Conversations";

    /// <summary>The conversation index of sharded crews, one table per shard (see <c>IndexShards</c>).</summary>
    public string ShardTable(int shard) => string.Create(CultureInfo.InvariantCulture, $"{TablePrefix}Conversations{shard:D2}");

    public string StateTable => TablePrefix + "DiscoveryState";

    public static DiscoveryOptions From(IConfiguration configuration)
    {
        var prefix = configuration["DISCOVERY_TABLE_PREFIX"]?.Trim() ?? string.Empty;
        if (prefix.Length > 0 && !PrefixPattern().IsMatch(prefix))
        {
            throw new InvalidOperationException($"Setting DISCOVERY_TABLE_PREFIX must be 1 to 20 letters and digits starting with a letter, not '{prefix}'.");
        }

        return new DiscoveryOptions
        {
            CrewBudget = TimeSpan.FromSeconds(SettingReader.WholeNumber(configuration, "DISCOVERY_CREW_BUDGET_SECONDS", 30, 1, 3600)),
            OverlapWindow = TimeSpan.FromSeconds(SettingReader.WholeNumber(configuration, "DISCOVERY_OVERLAP_SECONDS", 300, 0, 86_400)),
            WebhookSecret = configuration["DISCOVERY_WEBHOOK_SECRET"] is { Length: > 0 } secret ? secret : null,
            TablePrefix = prefix,
        };
    }

    // \z, not $, as for every pattern here; the value is trimmed first, so a pasted line break is dropped, not refused.
    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9]{0,19}\z")]
    private static partial Regex PrefixPattern();
}
