using System.Globalization;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// The API's query parameters. Durable Functions skips a value it cannot parse; here that is a 400, because a
/// dropped date or status filter would list, or purge, more than the caller asked for.
/// </summary>
public static class ManagementQuery
{
    private static readonly DateTimeOffset EarliestTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;

    /// <exception cref="BadManagementRequestException">The value is not true or false.</exception>
    public static bool Flag(IQueryCollection query, string name, bool defaultValue) => Text(query, name) switch
    {
        null => defaultValue,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new BadManagementRequestException($"Query parameter '{name}' must be true or false, not '{text}'."),
    };

    /// <exception cref="BadManagementRequestException">The value is not a whole number in range.</exception>
    public static int? Number(IQueryCollection query, string name, int min, int max) => Text(query, name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max => value,
        var text => throw new BadManagementRequestException($"Query parameter '{name}' must be a whole number from {min} to {max}, not '{text}'."),
    };

    /// <summary>
    /// An ISO 8601 time; one without an offset is UTC, as the instances table keeps times. Azure Table storage keeps
    /// none before 1601, and refuses a query that names one.
    /// </summary>
    /// <exception cref="BadManagementRequestException">The value is not a time the instances table can compare.</exception>
    public static DateTimeOffset? Time(IQueryCollection query, string name) => Text(query, name) switch
    {
        null => null,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) && value >= EarliestTime => value,
        var text => throw new BadManagementRequestException($"Query parameter '{name}' must be an ISO 8601 time from 1601 on, such as 2026-05-01T12:00:00Z, not '{text}'."),
    };

    /// <summary><c>runtimeStatus</c>, comma-separated, repeated or both, names in any case; null when absent.</summary>
    /// <exception cref="BadManagementRequestException">A name is not a runtime status.</exception>
    public static IReadOnlySet<OrchestrationRuntimeStatus>? Statuses(IQueryCollection query)
    {
        var values = query["runtimeStatus"];
        var names = values
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (names.Count == 0)
        {
            // Only blanks and commas: taken as no filter, it would list or purge every status.
            return values.Any(value => !string.IsNullOrEmpty(value))
                ? throw new BadManagementRequestException($"Query parameter 'runtimeStatus' names no status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}, or leave it out for all.")
                : null;
        }

        return names.Select(name => Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status) && !char.IsAsciiDigit(name[0])
                ? status
                : throw new BadManagementRequestException(
                    $"'{name}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}."))
            .ToHashSet();
    }
}
