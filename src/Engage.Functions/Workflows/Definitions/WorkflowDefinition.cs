using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>
/// One version of a workflow in table <c>WorkflowDefinitions</c>: PartitionKey = workflow id, RowKey = version,
/// zero-padded so a workflow's versions list in order. A version never changes once stored; a change is a new
/// version, and executions keep the version they started with (docs/workflow-definitions.md).
/// </summary>
public sealed class WorkflowDefinition : ITableEntity
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>The trigger as JSON (<see cref="WorkflowTrigger"/>); use <see cref="GetTrigger"/>.</summary>
    public string TriggerJson { get; set; } = "{}";

    /// <summary>The ordered steps as JSON (<see cref="WorkflowStepDefinition"/>[]); use <see cref="GetSteps"/>.</summary>
    public string StepsJson { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string Id => PartitionKey;

    public int Version => int.Parse(RowKey, CultureInfo.InvariantCulture);

    public static string RowKeyFor(int version) => version.ToString("D6", CultureInfo.InvariantCulture);

    public static WorkflowDefinition Create(string id, int version, string name, string? description, WorkflowTrigger trigger, IReadOnlyList<WorkflowStepDefinition> steps, string createdBy, DateTimeOffset createdAt) => new()
    {
        PartitionKey = id,
        RowKey = RowKeyFor(version),
        Name = name,
        Description = description,
        TriggerJson = JsonSerializer.Serialize(trigger, Json),
        StepsJson = JsonSerializer.Serialize(steps, Json),
        CreatedBy = createdBy,
        CreatedAt = createdAt,
    };

    public WorkflowTrigger GetTrigger() => JsonSerializer.Deserialize<WorkflowTrigger>(TriggerJson, Json) ?? new WorkflowTrigger(WorkflowTrigger.Manual);

    public IReadOnlyList<WorkflowStepDefinition> GetSteps() => JsonSerializer.Deserialize<List<WorkflowStepDefinition>>(StepsJson, Json) ?? [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["version"] = Version,
        ["name"] = Name,
        ["description"] = Description,
        ["trigger"] = JsonSerializer.SerializeToNode(GetTrigger(), Json),
        ["steps"] = JsonSerializer.SerializeToNode(GetSteps(), Json),
        ["createdAt"] = CreatedAt,
        ["createdBy"] = CreatedBy,
    };
}
