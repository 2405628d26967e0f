using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Tasks;
using Microsoft.Azure.Functions.Worker;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>Tasks and artifacts (docs/workflow-tasks-artifacts.md).</summary>
internal static class TasksApi
{
    public static void Add(ApiBuilder api)
    {
        AddTasks(api);
        AddArtifacts(api);
    }

    private static void AddTasks(ApiBuilder api)
    {
        var priority = Enum(TaskPriorities.All);
        var task = api.Schema("Task", Record(
            "A task, in its customer's partition.",
            ("id", Pattern("^tk_")),
            ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
            ("workflowExecutionId", Text()),
            ("stepId", Text()),
            ("title", String()),
            ("description", Text()),
            ("assignee", String("A user id, in lower case.")),
            ("status", Enum(TaskStatuses.All)),
            ("priority", priority),
            ("dueAt", Nullable(DateTime())),
            ("snoozedUntil", Nullable(DateTime())),
            ("completedAt", Nullable(DateTime())),
            ("completedBy", Text()),
            ("createdBy", String()),
            ("createdAt", DateTime()),
            ("updatedAt", DateTime()),
            ("version", Integer(minimum: 1))));

        api.Operation(HttpMethod.Get, "workflows/tasks", "ListTasks", AuthorizationLevel.Function, Tags.Tasks, "List the tasks the caller may see")
            .Query("customerId", Pattern(CustomersApi.CustomerIdPattern), "Only this customer's tasks.")
            .Query("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern), "Only this execution's tasks.")
            .Query("assignee", String(), "Only tasks assigned to this user.")
            .Query("status", Enum(TaskStatuses.All), "Only this status (a snooze that has ended counts as open).")
            .Query("dueBefore", DateTime(), "Only tasks due before this time.")
            .Paging(50, 200)
            .Answers(200, "One page of tasks; a page may be short with a continuation.", api.Page(task))
            .Problem(400, "A parameter is not valid.");

        api.Operation(HttpMethod.Post, "workflows/tasks", "CreateTask", AuthorizationLevel.Function, Tags.Tasks, "Create a task")
            .Idempotent()
            .Body(
                Object(
                    "customerId may be left out when workflowExecutionId is given; assignee defaults to the caller.",
                    ["title"],
                    ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
                    ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)),
                    ("stepId", String()),
                    ("title", String()),
                    ("description", Text()),
                    ("assignee", String()),
                    ("priority", priority),
                    ("dueAt", Nullable(DateTime()))),
                new JsonObject { ["customerId"] = "cu_0123456789abcdef", ["title"] = "Send the renewal quote", ["priority"] = "high", ["dueAt"] = "2026-05-01T09:00:00Z" })
            .Answers(201, "Created.", task, headers: ["Location", "ETag"])
            .Problem(400, "A field is unknown or wrong, or the execution is another customer's; errors names each.")
            .Problem(404, "No such customer the caller owns.")
            .Problem(422, "No such execution of the customer, or the step is not one of the execution's steps.");

        api.Operation(HttpMethod.Get, "workflows/tasks/{id}", "GetTask", AuthorizationLevel.Function, Tags.Tasks, "A task")
            .PathParameter("id", String(), "The task id.")
            .Answers(200, "The task.", task, headers: ["ETag"])
            .Problem(404, "No such task the caller may see.");

        api.Operation(HttpMethod.Patch, "workflows/tasks/{id}", "UpdateTask", AuthorizationLevel.Function, Tags.Tasks, "Change a task: a merge patch of fields, or an action", "An action is {action: complete | reopen | reassign | snooze, assignee?, until?, reason?}; completing a task tied to a step with completesWithTask completes the step.")
            .PathParameter("id", String(), "The task id.")
            .Idempotent()
            .IfMatch()
            .Body(
                Object(
                    null,
                    [],
                    ("title", String()),
                    ("description", Text()),
                    ("priority", priority),
                    ("dueAt", Nullable(DateTime())),
                    ("assignee", String()),
                    ("action", Enum("complete", "reopen", "reassign", "snooze")),
                    ("until", DateTime()),
                    ("reason", String())),
                new JsonObject { ["action"] = "complete", ["reason"] = "Quote sent." })
            .Answers(200, "The task after the change.", task, headers: ["ETag"])
            .Problem(400, "A field or action is not valid.")
            .Problem(404, "No such task the caller may see.")
            .Problem(409, "The action finds the task where it would put it (completing a completed task, say).");

        api.Operation(HttpMethod.Delete, "workflows/tasks/{id}", "DeleteTask", AuthorizationLevel.Function, Tags.Tasks, "Delete a task")
            .PathParameter("id", String(), "The task id.")
            .Idempotent()
            .IfMatch()
            .Empty(204, "Deleted.")
            .Problem(404, "No such task the caller may see.");
    }

    private static void AddArtifacts(ApiBuilder api)
    {
        var type = Enum(ArtifactTypes.All);
        var generation = Object("How it was generated.", [], ("model", Text()), ("prompt", Text()));
        var artifact = api.Schema("Artifact", Record(
            "An artifact (a draft, notes, an analysis), in its customer's partition.",
            ("id", Pattern("^ar_")),
            ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
            ("workflowExecutionId", Text()),
            ("taskId", Text()),
            ("type", type),
            ("title", String()),
            ("content", Any("Any JSON value but null; at most 30,000 characters.")),
            ("generation", Nullable(generation)),
            ("isApproved", Boolean()),
            ("approvedBy", Text()),
            ("approvedAt", Nullable(DateTime())),
            ("sentAt", Nullable(DateTime())),
            ("sentTo", Nullable(Array(String()))),
            ("createdBy", String()),
            ("createdAt", DateTime()),
            ("updatedAt", DateTime()),
            ("version", Integer(minimum: 1))));

        api.Operation(HttpMethod.Get, "workflows/artifacts", "ListArtifacts", AuthorizationLevel.Function, Tags.Artifacts, "List the artifacts of a task, an execution or a customer", "Exactly one of taskId, workflowExecutionId and customerId.")
            .Query("taskId", String(), "A task's artifacts.")
            .Query("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern), "An execution's artifacts.")
            .Query("customerId", Pattern(CustomersApi.CustomerIdPattern), "A customer's artifacts.")
            .Query("type", type, "Only this type.")
            .Paging(50, 200)
            .Answers(200, "One page of artifacts.", api.Page(artifact))
            .Problem(400, "None of the ids, or a parameter is not valid.");

        api.Operation(HttpMethod.Post, "workflows/artifacts", "CreateArtifact", AuthorizationLevel.Function, Tags.Artifacts, "Create an artifact")
            .Idempotent()
            .Body(
                Object(
                    null,
                    ["type", "title", "content"],
                    ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
                    ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)),
                    ("taskId", String()),
                    ("type", String("One of the artifact types; any other is a 422.")),
                    ("title", String()),
                    ("content", Any()),
                    ("generation", generation)),
                new JsonObject { ["customerId"] = "cu_0123456789abcdef", ["type"] = "note", ["title"] = "Call notes", ["content"] = "They want the SSO rollout first." })
            .Answers(201, "Created.", artifact, headers: ["Location", "ETag"])
            .Problem(400, "A field is unknown or wrong, or an execution or task is another customer's.")
            .Problem(404, "No such customer (or task) the caller may see.")
            .Problem(413, "The content is over 30,000 characters, or the artifact over 32,000 as stored.")
            .Problem(422, "An unknown type, or no such execution or task of the customer (one of another customer is a 400).");

        api.Operation(HttpMethod.Get, "workflows/artifacts/{id}", "GetArtifact", AuthorizationLevel.Function, Tags.Artifacts, "An artifact")
            .PathParameter("id", String(), "The artifact id.")
            .Answers(200, "The artifact.", artifact, headers: ["ETag"])
            .Problem(404, "No such artifact the caller may see.");

        api.Operation(HttpMethod.Patch, "workflows/artifacts/{id}", "UpdateArtifact", AuthorizationLevel.Function, Tags.Artifacts, "Change or approve an artifact (JSON merge patch)")
            .PathParameter("id", String(), "The artifact id.")
            .Idempotent()
            .IfMatch()
            .Body(
                Object(null, [], ("title", String()), ("content", Any()), ("type", String()), ("generation", Nullable(generation)), ("isApproved", Boolean())),
                new JsonObject { ["isApproved"] = true })
            .Answers(200, "The artifact after the change.", artifact, headers: ["ETag"])
            .Problem(400, "A field is unknown or wrong.")
            .Problem(404, "No such artifact the caller may see.")
            .Problem(409, "The artifact is approved (unapprove it in the same patch) or sent.");

        api.Operation(HttpMethod.Delete, "workflows/artifacts/{id}", "DeleteArtifact", AuthorizationLevel.Function, Tags.Artifacts, "Delete an artifact")
            .PathParameter("id", String(), "The artifact id.")
            .Idempotent()
            .IfMatch()
            .Empty(204, "Deleted.")
            .Problem(404, "No such artifact the caller may see.");
    }
}
