using System.Text.Json.Serialization;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>The account summary the frontend shows; field names are the legacy contract's.</summary>
public sealed record EngagementSummary(
    [property: JsonPropertyName("meetings_count")] int MeetingsCount,
    [property: JsonPropertyName("people")] IReadOnlyList<PersonSummary> People,
    [property: JsonPropertyName("themes")] IReadOnlyList<string> Themes,
    [property: JsonPropertyName("goals")] IReadOnlyList<string> Goals,
    [property: JsonPropertyName("challenges")] IReadOnlyList<string> Challenges,
    [property: JsonPropertyName("risks")] IReadOnlyList<string> Risks,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<string> Recommendations,
    [property: JsonPropertyName("provenance")] SummaryProvenance Provenance,
    [property: JsonPropertyName("item_meetings")] ItemMeetings? ItemMeetings = null);

/// <summary>
/// The meetings each item was raised in, list by list and in the lists' order: <c>themes[i]</c> holds the meeting
/// ids of <c>themes[i]</c>. Parallel lists, so the item lists keep their legacy shape (plain strings).
/// </summary>
public sealed record ItemMeetings(
    [property: JsonPropertyName("themes")] IReadOnlyList<IReadOnlyList<long>> Themes,
    [property: JsonPropertyName("goals")] IReadOnlyList<IReadOnlyList<long>> Goals,
    [property: JsonPropertyName("challenges")] IReadOnlyList<IReadOnlyList<long>> Challenges,
    [property: JsonPropertyName("risks")] IReadOnlyList<IReadOnlyList<long>> Risks,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<IReadOnlyList<long>> Recommendations);
