using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Definitions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>Workflow definitions (docs/workflow-definitions.md) and executions with their commands (docs/workflow-executions.md).</summary>
internal static class ExecutionsApi
{
    public const string ExecutionIdPattern = "^ex_[0-9a-f]{16}_[0-9a-f]{32}$";

    public static void Add(ApiBuilder api)
    {
        AddDefinitions(api);
        var fields = Record(
            "An execution of one workflow version for one customer; the read model its orchestration writes. Reads add priorityScore.",
            ("id", Pattern(ExecutionIdPattern)),
            ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
            ("workflowId", String()),
            ("workflowVersion", Integer(minimum: 1)),
            ("workflowName", String()),
            ("status", Enum("active", "snoozed", "completed", "cancelled")),
            ("currentStep", Text("The active step's id; null once ended.")),
            ("steps", Array(Object(
                "A step, copied from the definition version.",
                ["id", "type", "name", "status"],
                ("id", String()),
                ("type", String()),
                ("name", String()),
                ("goal", Text()),
                ("status", Enum("pending", "active", "completed", "skipped")),
                ("completesWithTask", Boolean()),
                ("sla", Text("An ISO 8601 duration.")),
                ("startedAt", Nullable(DateTime())),
                ("dueAt", Nullable(DateTime())),
                ("escalatedAt", Nullable(DateTime())),
                ("endedAt", Nullable(DateTime())),
                ("endedBy", Text()),
                ("note", Text())))),
            ("owner", Text("The customer's owner when it started.")),
            ("snoozedUntil", Nullable(DateTime())),
            ("escalatedAt", Nullable(DateTime())),
            ("escalationReason", Text()),
            ("followUps", Array(Object(null, ["at", "status"], ("at", DateTime()), ("note", Text()), ("status", Enum("scheduled", "due", "cancelled"))))),
            ("trigger", Enum("manual", "planner")),
            ("version", Integer(minimum: 1)),
            ("startedAt", DateTime()),
            ("updatedAt", DateTime()),
            ("endedAt", Nullable(DateTime())),
            ("lastCommand", Nullable(Record(null, ("id", String()), ("kind", String()), ("outcome", Enum("applied", "ignored")), ("detail", Text())))),
            ("priorityScore", Nullable(Number("The queue's score today, 0-100; on the execution routes' answers, not in events or action answers."))));
        fields.Required!.Remove("priorityScore");
        var execution = api.Schema("WorkflowExecution", fields);

        api.Operation(HttpMethod.Post, "workflows/executions", "StartWorkflowExecution", AuthorizationLevel.Function, Tags.Executions, "Start a workflow for a customer")
            .Idempotent()
            .Body(
                Object(null, ["customerId", "workflowId"], ("customerId", Pattern(CustomersApi.CustomerIdPattern)), ("workflowId", String()), ("version", Integer("The definition version; the latest by default.", 1))),
                new JsonObject { ["customerId"] = "cu_0123456789abcdef", ["workflowId"] = "renewal-preparation" })
            .Answers(201, "Started: the execution, its first step active.", execution, headers: ["Location", "ETag"])
            .Problem(400, "The body is not valid.")
            .Problem(404, "No such customer the caller may see, or no such workflow (version).");

        api.Operation(HttpMethod.Get, "workflows/executions", "ListWorkflowExecutions", AuthorizationLevel.Function, Tags.Executions, "A customer's executions, oldest first")
            .Query("customerId", Pattern(CustomersApi.CustomerIdPattern), "The customer.", required: true)
            .Query("status", Enum("active", "snoozed", "completed", "cancelled"), "Only this status.")
            .Answers(200, "Every execution the caller may see (continuation is always null).", api.Page(execution))
            .Problem(400, "customerId is missing or malformed, or status is unknown.")
            .Problem(404, "No such customer the caller may see.");

        api.Operation(HttpMethod.Get, "workflows/executions/{id}", "GetWorkflowExecution", AuthorizationLevel.Function, Tags.Executions, "An execution")
            .PathParameter("id", String(), "The execution id.")
            .Answers(200, "The execution with its priority score.", execution, headers: ["ETag"])
            .Problem(400, "The id is not shaped as an execution id.")
            .Problem(404, "No such execution the caller may see.");

        api.Operation(HttpMethod.Get, "workflows/executions/{id}/events", "ListWorkflowExecutionEvents", AuthorizationLevel.Function, Tags.Executions, "Every change of an execution, in version order")
            .PathParameter("id", String(), "The execution id.")
            .Answers(200, "Its events; replaying them gives its state.", api.Page(api.Ref("RecordEvent")))
            .Problem(400, "The id is not shaped as an execution id.")
            .Problem(404, "No such execution the caller may see.");

        var reason = ("reason", (IOpenApiSchema)String("Why, for the event."));
        var note = ("note", (IOpenApiSchema)String());
        Command(api, execution, "complete", "CompleteWorkflowExecution", "Complete an execution", Object(null, [], reason), new JsonObject { ["reason"] = "Renewal signed." }, (409, "The execution has ended."));
        Command(api, execution, "cancel", "CancelWorkflowExecution", "Cancel an execution", Object(null, [], reason), new JsonObject { ["reason"] = "Customer churned." }, (409, "The execution has ended."));
        Command(api, execution, "steps/{stepId}/complete", "CompleteWorkflowStep", "Complete the active step", Object(null, [], note, reason), new JsonObject { ["note"] = "Call held." }, (404, "No such execution the caller may see, or no such step."), (409, "The step is not active, or the execution has ended."));
        Command(api, execution, "steps/{stepId}/skip", "SkipWorkflowStep", "Skip the active step", Object(null, [], note, reason), new JsonObject { ["reason"] = "Not needed this cycle." }, (404, "No such execution the caller may see, or no such step."), (409, "The step is not active, or the execution has ended."));
        Command(api, execution, "snooze", "SnoozeWorkflowExecution", "Snooze an execution until a time", Object(null, ["until"], ("until", DateTime("In the future, at most 365 days ahead.")), reason), new JsonObject { ["until"] = "2026-05-04T09:00:00Z" }, (400, "until is missing or not a time."), (422, "until is not in the future, or over 365 days ahead."));
        Command(api, execution, "escalate", "EscalateWorkflowExecution", "Escalate an execution", Object(null, [], reason), new JsonObject { ["reason"] = "Budget cut announced." }, (409, "Already escalated, or the execution has ended."));
        Command(api, execution, "follow-ups", "ScheduleWorkflowFollowUp", "Schedule a follow-up", Object(null, ["at"], ("at", DateTime("In the future, at most 365 days ahead.")), note, reason), new JsonObject { ["at"] = "2026-05-04T09:00:00Z", ["note"] = "Chase the signed order." }, (400, "at is missing or not a time."), (422, "at is not in the future, or over 365 days ahead."));
    }

    /// <summary>A command route: refused before it is sent when it cannot apply, else answered once the orchestration applied it.</summary>
    private static void Command(ApiBuilder api, IOpenApiSchema execution, string route, string function, string summary, OpenApiSchema body, JsonNode example, params (int Status, string Why)[] refusals)
    {
        var operation = api.Operation(HttpMethod.Post, "workflows/executions/{id}/" + route, function, AuthorizationLevel.Function, Tags.Executions, summary, "Answers once the orchestration applied the command (200), or 202 when it had not within 10 s.")
            .PathParameter("id", String(), "The execution id.")
            .Idempotent()
            .IfMatch()
            .Body(body, example, required: false)
            .Answers(200, "Applied: the execution after it.", execution, headers: ["ETag"]);
        if (route.Contains("{stepId}", StringComparison.Ordinal))
        {
            operation.PathParameter("stepId", String(), "The step's id.");
        }

        foreach (var (status, why) in refusals)
        {
            operation.Problem(status, why);
        }

        if (!operation.Operation.Responses!.ContainsKey("404"))
        {
            operation.Problem(404, "No such execution the caller may see.");
        }
    }

    private static void AddDefinitions(ApiBuilder api)
    {
        var slug = Pattern("^[a-z0-9][a-z0-9-]*$");
        var trigger = Object("When the planner starts the workflow.", ["type"], ("type", Enum("renewal_stage", "account_plan", "manual")), ("stage", String()), ("plan", String()));
        var step = Object(
            "A step.",
            ["id", "type", "name"],
            ("id", slug),
            ("type", Enum(StepTypes.All)),
            ("name", String()),
            ("goal", Text()),
            ("sla", Text("An ISO 8601 duration of weeks to seconds (P3D, PT4H), or null.")),
            ("completesWithTask", Boolean()));
        var definition = api.Schema("WorkflowDefinition", Object(
            "One version of a workflow.",
            ["id", "version", "name", "trigger", "steps", "createdAt"],
            ("id", slug),
            ("version", Integer(minimum: 1)),
            ("name", String()),
            ("description", Text()),
            ("trigger", trigger),
            ("steps", Array(step)),
            ("createdAt", DateTime()),
            ("createdBy", Text())));

        api.Operation(HttpMethod.Get, "workflows/definitions", "ListWorkflowDefinitions", AuthorizationLevel.Function, Tags.Definitions, "The latest version of each workflow")
            .Answers(200, "Every workflow (continuation is always null).", api.Page(definition));

        api.Operation(HttpMethod.Get, "workflows/definitions/{id}", "GetWorkflowDefinition", AuthorizationLevel.Function, Tags.Definitions, "One version of a workflow")
            .PathParameter("id", String(), "The workflow id (a slug).")
            .Query("version", Integer("1-999999; the latest by default.", 1, 999_999), "The version.")
            .Answers(200, "The version.", definition, headers: ["ETag"])
            .Problem(400, "The id or version is malformed.")
            .Problem(404, "No such workflow or version.");

        api.Operation(HttpMethod.Post, "workflows/definitions", "CreateWorkflowDefinition", AuthorizationLevel.Admin, Tags.Definitions, "Store the next version of a workflow (admin)")
            .Idempotent()
            .Body(
                Object(null, ["id", "name", "trigger", "steps"], ("id", slug), ("name", String()), ("description", Text()), ("trigger", trigger), ("steps", Array(step))),
                new JsonObject
                {
                    ["id"] = "onboarding",
                    ["name"] = "Onboarding",
                    ["trigger"] = new JsonObject { ["type"] = "manual" },
                    ["steps"] = new JsonArray(new JsonObject { ["id"] = "kickoff", ["type"] = "task", ["name"] = "Kick-off call", ["goal"] = "Agree the plan.", ["sla"] = "P3D", ["completesWithTask"] = true }),
                })
            .Answers(201, "Stored as the next version (1 for a new id).", definition, headers: ["Location", "ETag"])
            .Problem(400, "A field is wrong; errors names each.")
            .Problem(403, "The caller does not have the admin role.");
    }
}
