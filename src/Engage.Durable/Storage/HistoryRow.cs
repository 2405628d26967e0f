using System.Globalization;
using System.Text.Json;
using Engage.Durable.History;
using Engage.Storage.Tables;

namespace Engage.Durable.Storage;

/// <summary>A history event as a table row: RowKey <c>h{generation}-{index}</c>, the event as JSON.</summary>
internal static class HistoryRow
{
    public static string RowKey(int generation, int index) =>
        GenerationPrefix(generation) + index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>What the row keys of one execution's history start with.</summary>
    public static string GenerationPrefix(int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"h{generation:D6}-");

    public static string GenerationFilter(string instanceId, int generation) =>
        TableOdataFilter.Create($"PartitionKey eq {instanceId}") + " and " + TableOdataFilter.StartsWith("RowKey", GenerationPrefix(generation));

    public static TableEntity ToEntity(string instanceId, int generation, int index, HistoryEvent e) =>
        new(instanceId, RowKey(generation, index)) { ["Event"] = JsonSerializer.Serialize(e, DataConverter.Options) };

    public static HistoryEvent FromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize<HistoryEvent>(entity.GetString("Event")!, DataConverter.Options)!;
}
