using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Artifacts;

/// <summary>An artifact to create, as the request describes it, checked for shape but not yet against storage.</summary>
/// <param name="Type">As given; whether it is one of <see cref="ArtifactTypes"/> is checked when it is created (422).</param>
public sealed record ArtifactDraft(
    string CustomerId,
    string? WorkflowExecutionId,
    string? TaskId,
    string Type,
    string Title,
    JsonNode Content,
    string? Model,
    string? Prompt)
{
    public const int MaxTitleLength = 200;
    public const int MaxModelLength = 100;
    public const int MaxPromptLength = 8000;

    public static readonly string[] Fields = ["customerId", "workflowExecutionId", "taskId", "type", "title", "content", "generation"];

    /// <summary>The draft, or null with the refusals recorded in <paramref name="fields"/>.</summary>
    public static ArtifactDraft? Read(JsonFields fields)
    {
        fields.OnlyKnown(Fields);
        var executionId = WorkflowFields.ChildId(fields, "workflowExecutionId", RecordId.Execution);
        var taskId = WorkflowFields.ChildId(fields, "taskId", RecordId.Task);
        var customerId = WorkflowFields.SameCustomer(
            fields,
            required: true,
            ("customerId", RecordId.Customer, WorkflowFields.CustomerId(fields, "customerId")),
            ("workflowExecutionId", RecordId.Execution, executionId),
            ("taskId", RecordId.Task, taskId));
        var type = fields.Text("type", 50, required: true);
        var title = fields.Text("title", MaxTitleLength, required: true);
        var content = fields.Value("content");
        if (content is null)
        {
            fields.Refuse("content", "is required: any JSON value except null, such as {\"subject\": \"...\", \"body\": \"...\"} for an email draft.");
        }

        var (model, prompt) = fields.Object("generation") is { } generation ? ReadGeneration(generation) : (null, null);
        return fields.IsValid ? new ArtifactDraft(customerId!, executionId, taskId, type!, title!, content!.DeepClone(), model, prompt) : null;
    }

    /// <summary>The fields of <c>generation: {model, prompt}</c>, both optional texts.</summary>
    public static (string? Model, string? Prompt) ReadGeneration(JsonFields generation)
    {
        generation.OnlyKnown("model", "prompt");
        return (generation.Text("model", MaxModelLength), generation.Text("prompt", MaxPromptLength, multiline: true));
    }
}
