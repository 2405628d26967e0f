using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Engine;
using Engage.Functions.Discovery.State;
using Engage.Functions.Discovery.Timer;
using Engage.Functions.Hosting;

namespace Engage.Functions.Discovery.Api;

/// <summary>
/// The status of discovery: schedule, last run, per-crew state and the original design's metrics, and its
/// alerts: no run within two schedule intervals, a run over 30 s, more than 3 consecutive failures, an error
/// rate over 5 % while a crew's last run failed. Alerts describe health now: a crew whose last run succeeded
/// raises none for its earlier failures, which stay in its metrics (docs/discovery-crew-health.md).
/// </summary>
public sealed class DiscoveryStatusReport(
    CrewCatalog catalog,
    DiscoveryStateStore states,
    DiscoveryRunner runner,
    DiscoveryOptions options,
    IConfiguration configuration,
    TimeProvider timeProvider)
{
    public static readonly TimeSpan SlowRun = TimeSpan.FromSeconds(30);
    public const int MaxConsecutiveFailures = 3;
    public const double MaxErrorRate = 0.05;

    public async Task<JsonObject> BuildAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expression = configuration[DiscoveryOptions.ScheduleSetting];
        TimerSchedule.TryParse(expression, out var schedule);
        var saved = await states.GetAllAsync(cancellationToken);
        var lastRun = await states.GetLastRunAsync(cancellationToken);
        var alerts = new JsonArray();

        var dueBy = lastRun is null || schedule is null ? (DateTimeOffset?)null : schedule.Next(schedule.Next(lastRun.StartedAt)) + options.CrewBudget;
        if (lastRun is null || now > dueBy)
        {
            alerts.Add(Alert("no_recent_run", "error", null, lastRun is null
                ? "No discovery run has been recorded yet."
                : $"No discovery run within two schedule intervals ({expression}); the last started {lastRun.StartedAt:O}."));
        }

        if (lastRun is not null && lastRun.DurationMs > SlowRun.TotalMilliseconds)
        {
            alerts.Add(Alert("slow_run", "warning", null, $"The last discovery run took {lastRun.DurationMs / 1000:0.0} s, over {SlowRun.TotalSeconds:0} s."));
        }

        if (schedule is null)
        {
            alerts.Add(Alert("invalid_schedule", "error", null, $"{DiscoveryOptions.ScheduleSetting} is not a 5- or 6-field NCRONTAB expression, so the Functions host does not run the discovery timer; set it, e.g. to 0 */5 * * * * (every five minutes)."));
        }

        var crews = new JsonArray();
        foreach (var crew in catalog.Crews)
        {
            var state = saved.GetValueOrDefault(crew.Key);
            var crewAlerts = CrewAlerts(crew, state, lastRun).ToList();
            foreach (var alert in crewAlerts)
            {
                alerts.Add(alert.DeepClone());
            }

            crews.Add(CrewJson(crew, state, crewAlerts));
        }

        foreach (var refused in catalog.Refused)
        {
            alerts.Add(Alert("crew_refused", "error", $"{refused.Client}|{refused.Crew}", $"Crew '{refused.Client}'/'{refused.Crew}' is not run: {refused.Reason}."));
        }

        var crewStates = catalog.Crews.Select(c => saved.GetValueOrDefault(c.Key)).OfType<CrewStateEntity>().ToList();
        var runs = crewStates.Sum(s => s.RecentOutcomes.Length);
        var errorRate = runs == 0 ? 0 : (double)crewStates.Sum(s => s.RecentOutcomes.Count(o => o == 'f')) / runs;
        if (errorRate > MaxErrorRate && crewStates.Any(s => s.LastError is not null))
        {
            alerts.Add(Alert("error_rate", "error", null, $"{errorRate:P0} of recent crew runs failed, over {MaxErrorRate:P0}."));
        }

        var total = crewStates.Sum(s => s.Conversations);
        var clients = catalog.Crews.Select(c => c.Client).Distinct().Count();
        return new JsonObject
        {
            ["status"] = alerts.Count == 0 ? "ok" : "alerting",
            ["demo"] = catalog.IsDemo,
            ["running"] = runner.IsRunning,
            ["schedule"] = new JsonObject
            {
                ["setting"] = DiscoveryOptions.ScheduleSetting,
                ["expression"] = expression,
                ["timers_enabled"] = !FunctionSwitch.IsDisabled(configuration, ConversationDiscoveryTimer.FunctionName),
                ["next_run_at"] = schedule?.Next(now),
            },
            ["last_run"] = lastRun is null ? null : new JsonObject
            {
                ["started_at"] = lastRun.StartedAt,
                ["duration_ms"] = lastRun.DurationMs,
                ["trigger"] = lastRun.Trigger,
                ["crews"] = lastRun.Crews,
                ["failed_crews"] = lastRun.FailedCrews,
            },
            // Oldest first, for a chart of runs over time (duration, sessions read, conversations indexed).
            ["recent_runs"] = JsonSerializer.SerializeToNode(DiscoveryStateStore.RecentRuns(lastRun)),
            ["metrics"] = new JsonObject
            {
                ["discovery_duration_ms"] = lastRun?.DurationMs,
                ["sessions_scanned"] = crewStates.Sum(s => s.SessionsScanned),
                ["conversations_created"] = crewStates.Sum(s => s.Created),
                ["conversations_updated"] = crewStates.Sum(s => s.Updated),
                ["last_run_at"] = lastRun?.StartedAt,
                ["consecutive_failures"] = crewStates.Count == 0 ? 0 : crewStates.Max(s => s.ConsecutiveFailures),
                ["error_rate"] = Math.Round(errorRate, 4),
                ["total_conversations"] = total,
                ["average_sessions_per_client"] = clients == 0 ? 0 : Math.Round((double)total / clients, 1),
            },
            ["crews"] = crews,
            ["refused_crews"] = new JsonArray(catalog.Refused.Select(r => (JsonNode)new JsonObject { ["client"] = r.Client, ["crew"] = r.Crew, ["reason"] = r.Reason }).ToArray()),
            ["alerts"] = alerts,
        };
    }

    private IEnumerable<JsonObject> CrewAlerts(CrewDefinition crew, CrewStateEntity? state, DiscoveryRunEntity? lastRun)
    {
        if (state?.LastRunAt is null)
        {
            if (lastRun is not null)
            {
                yield return Alert("crew_never_run", "error", crew.Key, "This crew has not been run yet.");
            }

            yield break;
        }

        if (lastRun is not null && state.LastRunAt < lastRun.StartedAt)
        {
            yield return Alert("crew_not_in_last_run", "error", crew.Key, "The last discovery run did not reach this crew.");
        }

        if (state.LastDurationMs > SlowRun.TotalMilliseconds)
        {
            yield return Alert("slow_run", "warning", crew.Key, $"The crew's last run took {state.LastDurationMs / 1000:0.0} s, over {SlowRun.TotalSeconds:0} s.");
        }

        if (state.ConsecutiveFailures > MaxConsecutiveFailures)
        {
            yield return Alert("consecutive_failures", "error", crew.Key, $"{state.ConsecutiveFailures} consecutive failures; the last: {state.LastError}");
        }

        if (state.ErrorRate > MaxErrorRate && state.LastError is not null)
        {
            yield return Alert("error_rate", "warning", crew.Key, $"{state.ErrorRate:P0} of the crew's last {state.RecentOutcomes.Length} runs failed.");
        }

        if (state.SessionIdIndexed == false)
        {
            yield return Alert("no_session_index", "warning", crew.Key, $"{crew.Table} has no index on session_id, so every metadata query scans the table; create one (CREATE INDEX CONCURRENTLY ON {crew.Table} (session_id, id)).");
        }
    }

    private JsonObject CrewJson(CrewDefinition crew, CrewStateEntity? state, IEnumerable<JsonObject> alerts) => new()
    {
        ["client"] = crew.Client,
        ["crew"] = crew.Crew,
        ["source"] = crew.Source == SourceKind.Postgres ? "postgres" : "sqlite",
        ["table"] = crew.Table.Name,
        ["last_run_at"] = state?.LastRunAt,
        ["last_duration_ms"] = state?.LastDurationMs,
        ["last_trigger"] = state?.LastTrigger,
        ["sessions_scanned"] = state?.SessionsScanned,
        ["created"] = state?.Created,
        ["updated"] = state?.Updated,
        ["conversations"] = state?.Conversations ?? 0,
        ["cursor"] = state?.Cursor ?? 0,
        ["pending_ids"] = state?.PendingIds ?? string.Empty,
        ["behind"] = state?.Behind ?? false,
        ["consecutive_failures"] = state?.ConsecutiveFailures ?? 0,
        ["last_error"] = state?.LastError,
        ["last_failure"] = state?.LastFailure,
        ["last_failure_at"] = state?.LastFailureAt,
        ["last_success_at"] = state?.LastSuccessAt,
        ["error_rate"] = Math.Round(state?.ErrorRate ?? 0, 4),
        ["has_created_at"] = state?.HasCreatedAt,
        ["session_id_indexed"] = state?.SessionIdIndexed,
        ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)a["code"]!.GetValue<string>()).ToArray()),
        ["budget_s"] = options.CrewBudget.TotalSeconds,
    };

    private static JsonObject Alert(string code, string severity, string? crew, string message) => new()
    {
        ["code"] = code,
        ["severity"] = severity,
        ["crew"] = crew,
        ["message"] = message,
    };
}
