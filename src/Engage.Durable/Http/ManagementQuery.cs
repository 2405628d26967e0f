using System.Globalization;
using Engage.Durable.Orchestration;
using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

/// <summary>
/// The API's query parameters. Durable ignores a value it cannot parse; here it is a 400, because a
/// silently dropped date or status filter would list, or purge, more than the caller asked for.
/// </summary>
internal static class ManagementQuery
{
    public static string? Text(this HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;

    public static bool Flag(this HttpRequest request, string name, bool defaultValue) => request.Text(name) switch
    {
        null => defaultValue,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new BadManagementRequestException($"Query parameter '{name}' must be true or false, not '{text}'."),
    };

    public static int? Number(this HttpRequest request, string name, int min, int max) => request.Text(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max => value,
        var text => throw new BadManagementRequestException($"Query parameter '{name}' must be a whole number from {min} to {max}, not '{text}'."),
    };

    /// <summary>An ISO 8601 time; one without an offset is taken as UTC.</summary>
    public static DateTimeOffset? Time(this HttpRequest request, string name) => request.Text(name) switch
    {
        null => null,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) => value,
        var text => throw new BadManagementRequestException($"Query parameter '{name}' must be an ISO 8601 time such as 2024-05-01T12:00:00Z, not '{text}'."),
    };

    /// <summary><c>runtimeStatus</c>, comma-separated, repeated or both; null when absent.</summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses(this HttpRequest request)
    {
        var names = request.Query["runtimeStatus"]
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (names.Count == 0)
        {
            return null;
        }

        return names.Select(name => Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status)
                ? status
                : throw new BadManagementRequestException(
                    $"'{name}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}."))
            .ToHashSet();
    }
}
