using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Workflows.Preferences;

/// <summary>
/// One user's preferences in table <c>UserPreferences</c>: PartitionKey = <see cref="Identity.UserKeys.For"/> of the
/// user id, RowKey <see cref="Row"/>. It holds only the settings the user chose (<see cref="PreferencesSchema"/>),
/// and a version that rises with each change and is the HTTP ETag.
/// </summary>
public sealed class UserPreferencesEntity : ITableEntity
{
    public const string Row = "preferences";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string UserId { get; set; } = string.Empty;

    /// <summary>The chosen settings, as a JSON object of sections.</summary>
    public string ChosenJson { get; set; } = "{}";

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public JsonObject GetChosen() => JsonNode.Parse(ChosenJson) as JsonObject ?? [];
}
