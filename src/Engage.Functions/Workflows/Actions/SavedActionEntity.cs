using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Workflows.Actions;

/// <summary>One saved action in table <c>SavedActions</c> (PartitionKey <see cref="Partition"/>, RowKey = its id), as the catalogue lists it.</summary>
public sealed class SavedActionEntity : ITableEntity
{
    public const string Partition = "action";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <summary>Its params as a JSON array of <see cref="ActionParameter"/>.</summary>
    public string ParamsJson { get; set; } = "[]";

    /// <summary>Where it comes in the list.</summary>
    public int Position { get; set; }

    public static SavedActionEntity From(SavedAction action, int position) => new()
    {
        RowKey = action.Id,
        Name = action.Name,
        Description = action.Description,
        ParamsJson = new JsonArray([.. action.Parameters.Select(p => p.ToJson())]).ToJsonString(),
        Position = position,
    };

    public JsonObject ToJson() => new()
    {
        ["id"] = RowKey,
        ["name"] = Name,
        ["description"] = Description,
        ["params"] = JsonNode.Parse(ParamsJson),
    };
}
