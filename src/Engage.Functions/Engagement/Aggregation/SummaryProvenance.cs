using System.Text.Json.Serialization;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>
/// Where a summary came from: which generator, why a fallback served, which meetings and period, and how many
/// meetings matched against how many a run takes (<c>ENGAGEMENT_MAX_MEETINGS</c>, the newest first).
/// </summary>
public sealed record SummaryProvenance(
    [property: JsonPropertyName("generator")] string Generator,
    [property: JsonPropertyName("fallback_reason")] string? FallbackReason,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("meeting_ids")] IReadOnlyList<long> MeetingIds,
    [property: JsonPropertyName("period_from")] DateTimeOffset? PeriodFrom,
    [property: JsonPropertyName("period_to")] DateTimeOffset? PeriodTo,
    [property: JsonPropertyName("meetings_found")] int MeetingsFound,
    [property: JsonPropertyName("meetings_cap")] int MeetingsCap,
    [property: JsonPropertyName("meetings")] IReadOnlyList<SummaryMeeting>? Meetings = null);

/// <summary>A meeting a summary was drawn from, so a reader can tell which meeting an item came from and open it.</summary>
public sealed record SummaryMeeting(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("url")] string? Url);
