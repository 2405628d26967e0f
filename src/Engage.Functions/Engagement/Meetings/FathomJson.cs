using System.Text.Json;

namespace Engage.Functions.Engagement.Meetings;

internal static class FathomJson
{
    /// <summary>Fathom's snake_case names; unknown fields are ignored, as Fathom adds fields without notice.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
