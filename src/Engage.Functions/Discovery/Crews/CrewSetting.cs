using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engage.Functions.Discovery.Crews;

/// <summary>One entry of <c>DISCOVERY_CREWS</c>, as written.</summary>
public sealed class CrewSetting
{
    [JsonPropertyName("client")]
    public string? Client { get; set; }

    [JsonPropertyName("crew")]
    public string? Crew { get; set; }

    /// <summary><c>postgres</c> or <c>sqlite</c>.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>The name of the app setting (or connection string) that holds the connection string: keeps secrets in one place.</summary>
    [JsonPropertyName("connection_setting")]
    public string? ConnectionSetting { get; set; }

    /// <summary>The connection string itself, for values that are no secret (a SQLite file).</summary>
    [JsonPropertyName("connection")]
    public string? Connection { get; set; }

    [JsonPropertyName("table")]
    public string? Table { get; set; }

    /// <summary>1 (the default) to 16 index tables; read as JSON so a wrong value refuses this entry only.</summary>
    [JsonPropertyName("index_shards")]
    public JsonElement? IndexShards { get; set; }
}
