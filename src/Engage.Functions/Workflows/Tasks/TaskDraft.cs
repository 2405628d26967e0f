using Engage.Functions.Http;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Tasks;

/// <summary>A task to create, as a request (or a create_task action) describes it, checked for shape but not yet against storage.</summary>
/// <param name="CustomerId">The customer, given or taken from <paramref name="WorkflowExecutionId"/>.</param>
/// <param name="Assignee">Null for the caller.</param>
public sealed record TaskDraft(
    string CustomerId,
    string? WorkflowExecutionId,
    string? StepId,
    string Title,
    string? Description,
    string? Assignee,
    string Priority,
    DateTimeOffset? DueAt)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxStepIdLength = 100;

    public static readonly string[] Fields = ["customerId", "workflowExecutionId", "stepId", "title", "description", "assignee", "priority", "dueAt"];

    /// <summary>The draft of a create request's body (the route's, or the chat tool's), which may hold only <see cref="Fields"/>.</summary>
    public static TaskDraft? ReadRequest(JsonFields fields)
    {
        fields.OnlyKnown(Fields);
        return Read(fields);
    }

    /// <summary>The draft, or null with the refusals recorded in <paramref name="fields"/>.</summary>
    /// <param name="customerId">The customer when the caller already knows it (an action's execution); else read from the fields.</param>
    public static TaskDraft? Read(JsonFields fields, string? customerId = null, string? workflowExecutionId = null)
    {
        if (customerId is null)
        {
            workflowExecutionId = WorkflowFields.ChildId(fields, "workflowExecutionId", RecordId.Execution);
            customerId = WorkflowFields.SameCustomer(
                fields,
                required: true,
                ("customerId", RecordId.Customer, WorkflowFields.CustomerId(fields, "customerId")),
                ("workflowExecutionId", RecordId.Execution, workflowExecutionId));
        }

        var stepId = fields.Text("stepId", MaxStepIdLength);
        if (stepId is not null && workflowExecutionId is null)
        {
            fields.Refuse("stepId", "needs workflowExecutionId: a step is a step of an execution.");
        }

        var draft = new TaskDraft(
            customerId ?? string.Empty,
            workflowExecutionId,
            stepId,
            fields.Text("title", MaxTitleLength, required: true) ?? string.Empty,
            fields.Text("description", MaxDescriptionLength, multiline: true),
            WorkflowFields.UserId(fields, "assignee"),
            fields.OneOf("priority", TaskPriorities.All) ?? TaskPriorities.Normal,
            fields.Time("dueAt"));
        return fields.IsValid ? draft : null;
    }
}
