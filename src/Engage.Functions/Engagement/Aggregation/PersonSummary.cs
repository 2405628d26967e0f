using System.Text.Json.Serialization;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>A person from the customer's domain, across every meeting they were invited to.</summary>
public sealed record PersonSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("meetings_attended")] int MeetingsAttended,
    [property: JsonPropertyName("first_seen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTimeOffset LastSeen,
    [property: JsonPropertyName("talk_time_share")] double TalkTimeShare,
    [property: JsonPropertyName("meeting_ids")] IReadOnlyList<long>? MeetingIds = null);
