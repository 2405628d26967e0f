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
    [property: JsonPropertyName("provenance")] SummaryProvenance Provenance);
