using System.Text.Json.Serialization;

namespace Engage.Functions.Discovery.Api;

/// <summary>What n8n posts when a conversation completes.</summary>
public sealed class WebhookBody
{
    public const int MaxBytes = 16 * 1024;

    [JsonPropertyName("crew_code")]
    public string? CrewCode { get; set; }

    [JsonPropertyName("session_id")]
    public string? SessionId { get; set; }

    /// <summary>Needed only when two clients have a crew of the same code.</summary>
    [JsonPropertyName("client_code")]
    public string? ClientCode { get; set; }
}
