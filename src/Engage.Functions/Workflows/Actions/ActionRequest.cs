using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Actions;

/// <summary>The body of <c>POST /api/workflows/actions/execute</c>: <c>{actionId, workflowExecutionId, params}</c>, with the params read by the action.</summary>
/// <param name="Params">The params as sent, for the action run's record.</param>
public sealed record ActionRequest(SavedAction Action, string WorkflowExecutionId, string CustomerId, JsonNode Params, ActionEffect Effect)
{
    /// <summary>The request, or null with the refusals recorded in <paramref name="fields"/>.</summary>
    public static ActionRequest? Read(JsonFields fields, IReadOnlyList<SavedAction> actions, DateTimeOffset now)
    {
        fields.OnlyKnown("actionId", "workflowExecutionId", "params");
        var actionId = fields.OneOf("actionId", [.. actions.Select(a => a.Id)], required: true);
        var executionId = WorkflowFields.ChildId(fields, "workflowExecutionId", RecordId.Execution, required: true);
        var parameters = fields.ObjectOrEmpty("params");
        if (actionId is null || executionId is null || parameters is null || !RecordId.TryGetCustomer(RecordId.Execution, executionId, out var customerId))
        {
            return null;
        }

        var action = actions.Single(a => a.Id == actionId);
        var effect = action.Read(parameters, executionId, now);
        return effect is null || !fields.IsValid
            ? null
            : new ActionRequest(action, executionId, customerId, fields.Value("params")?.DeepClone() ?? new JsonObject(), effect);
    }
}
