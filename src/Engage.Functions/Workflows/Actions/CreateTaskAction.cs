using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Tasks;

namespace Engage.Functions.Workflows.Actions;

/// <summary>Creates a task on the execution, as <c>POST /api/workflows/tasks</c> would; its id follows from the action run's, so a retried run finds it.</summary>
public sealed class CreateTaskAction(TaskService tasks) : SavedAction
{
    public override string Id => "create_task";

    public override string Name => "Create task";

    public override string Description => "Create a task on the workflow, assigned to you unless assignee names someone else.";

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("title", "string", true, "What is to be done."),
        new("assignee", "string", false, "The user the task falls to; you when left out."),
        new("dueAt", "string (ISO 8601 time)", false, "When it is due."),
        new("stepId", "string", false, "The step of the workflow it belongs to."),
        new("description", "string", false, "More about it."),
        new("priority", "string", false, $"One of {string.Join(", ", TaskPriorities.All)}; normal when left out."),
    ];

    protected override ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now)
    {
        RecordId.TryGetCustomer(RecordId.Execution, executionId, out var customerId);
        if (TaskDraft.Read(parameters, customerId, executionId) is not { } draft)
        {
            return null;
        }

        return async (context, cancellationToken) =>
        {
            var taskId = RecordId.StableChild(RecordId.Task, context.CustomerId, context.ActionRunId);
            var reason = $"created by action run {context.ActionRunId}";
            var (task, refused) = await tasks.CreateAsync(context.Access, draft, taskId, context.MayHaveRun, reason, context.TraceId, cancellationToken);
            return task is null
                ? ActionOutcome.Refused(refused!, context.Execution)
                : ActionOutcome.Done(new JsonObject { ["taskId"] = task.Id, ["task"] = task.ToJson(context.Now) }, context.Execution);
        };
    }
}
