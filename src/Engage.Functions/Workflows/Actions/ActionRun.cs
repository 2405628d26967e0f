using System.Text.Json.Nodes;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Actions;

/// <summary>
/// The record of one saved action applied to an execution, RowKey <c>action_run|{id}</c> in the customer's partition,
/// saved with its event <c>action_executed</c>: which action, its params, what it did, who and when.
/// </summary>
public sealed class ActionRun : CustomerRecord
{
    public const string Kind = "action_run";

    public override string RecordType => Kind;

    public override string Id => RowKey[(Kind.Length + 1)..];

    public string ActionId { get; set; } = string.Empty;

    public string WorkflowExecutionId { get; set; } = string.Empty;

    public string ParamsJson { get; set; } = "{}";

    public string ResultJson { get; set; } = "{}";

    public string Actor { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    public static string RowKeyFor(string actionRunId) => Key(Kind, actionRunId);

    public override JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["customerId"] = PartitionKey,
        ["actionId"] = ActionId,
        ["workflowExecutionId"] = WorkflowExecutionId,
        ["params"] = JsonNode.Parse(ParamsJson),
        ["result"] = JsonNode.Parse(ResultJson),
        ["actor"] = Actor,
        ["at"] = At,
        ["version"] = Version,
    };
}
