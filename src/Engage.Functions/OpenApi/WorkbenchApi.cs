using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Preferences;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>
/// What a CSM works from: the queue (docs/workflow-queue.md), the planner (docs/workflow-planner.md), a customer's
/// context (docs/workflow-context.md), saved actions (docs/workflow-actions.md) and their preferences (docs/workflow-preferences.md).
/// </summary>
internal static class WorkbenchApi
{
    public static void Add(ApiBuilder api)
    {
        var queueItem = Record(
            "An active execution in the queue.",
            ("id", Pattern(ExecutionsApi.ExecutionIdPattern)),
            ("customerId", Pattern(CustomersApi.CustomerIdPattern)),
            ("customerName", String()),
            ("workflowId", String()),
            ("workflowName", String()),
            ("currentStep", Text()),
            ("priorityScore", Number("0-100, one decimal.")),
            ("owner", Text()),
            ("renewalStage", Text()),
            ("accountPlan", Text()),
            ("daysUntilRenewal", Nullable(Integer())),
            ("escalated", Boolean()),
            ("startedAt", DateTime()));
        api.Operation(HttpMethod.Get, "workflows/queue", "GetWorkflowQueue", AuthorizationLevel.Function, Tags.Queue, "The caller's queue, highest priority first", "Active executions only (not snoozed, not ended).")
            .Query("owner", String(maxLength: 254), "Another user's queue (admins), or all for everyone's.")
            .Paging(25, 100)
            .Answers(200, "One page of the queue.", api.Page(queueItem))
            .Problem(400, "A parameter is not valid.");

        api.Operation(HttpMethod.Post, "workflows/planner/run", "RunWorkflowPlanner", AuthorizationLevel.Admin, Tags.Planner, "Run the planner now (admin)", "Starts each due workflow once, however often it runs.")
            .Answers(200, "What the run did.", Record(null, ("customers", Integer(minimum: 0)), ("started", Integer(minimum: 0)), ("existing", Integer(minimum: 0)), ("failed", Integer(minimum: 0))));

        var trend = Nullable(Enum("up", "down", "flat"));
        api.Operation(HttpMethod.Get, "workflows/context", "GetWorkflowContext", AuthorizationLevel.Function, Tags.Context, "What a CSM works from for a customer", "Exactly one of customerId and workflowExecutionId; a field with no data is null.")
            .Query("customerId", Pattern(CustomersApi.CustomerIdPattern), "The customer.")
            .Query("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern), "An execution, for its customer.")
            .Answers(200, "The context.", Record(
                null,
                ("customer", Record(
                    null,
                    ("id", String()),
                    ("name", String()),
                    ("domain", String()),
                    ("industry", Text()),
                    ("arr", Nullable(Number())),
                    ("renewalDate", Nullable(Date())),
                    ("owner", Text()),
                    ("accountPlan", Text()),
                    ("healthScore", Nullable(Integer())))),
                ("intelligence", Record(
                    null,
                    ("riskScore", Nullable(Number())),
                    ("opportunityScore", Nullable(Number())),
                    ("healthScore", Nullable(Integer())),
                    ("trends", Record(null, ("health", trend), ("usage", trend), ("engagement", trend))))),
                ("data", Record(
                    null,
                    ("financials", Record(null, ("currentARR", Nullable(Number())), ("previousARR", Nullable(Number())), ("trend", trend))),
                    ("usage", Record(null, ("activeUsers", Nullable(Integer())), ("utilizationRate", Nullable(Number())), ("trend", trend))),
                    ("engagement", Record(null, ("lastContact", Nullable(DateTime())), ("qbrDate", Nullable(Date())), ("supportTickets", Nullable(Integer())))))),
                ("workflow", Record(null, ("daysUntilRenewal", Nullable(Integer())), ("renewalStage", Text()), ("accountPlan", Text()), ("priorityScore", Nullable(Number())))),
                ("accountTeam", Record(null, ("csm", Text()), ("accountExecutive", Text()), ("supportEngineer", Text())))))
            .Problem(400, "Neither or both parameters, or an id of the wrong shape.")
            .Problem(404, "No such customer or execution the caller may see.");

        AddActions(api);
        AddPreferences(api);
    }

    private static void AddActions(ApiBuilder api)
    {
        api.Operation(HttpMethod.Get, "workflows/actions", "ListSavedActions", AuthorizationLevel.Function, Tags.Actions, "The saved actions")
            .Answers(200, "Every action (continuation is always null).", api.Page(Record(
                null,
                ("id", Enum("snooze", "skip", "escalate", "schedule", "send_email", "create_task")),
                ("name", String()),
                ("description", String()),
                ("params", Array(Record(null, ("name", String()), ("type", String()), ("required", Boolean()), ("description", String())))))));

        api.Operation(HttpMethod.Post, "workflows/actions/execute", "ExecuteSavedAction", AuthorizationLevel.Function, Tags.Actions, "Apply a saved action to an execution")
            .Idempotent()
            .Body(
                Object(null, ["actionId", "workflowExecutionId"], ("actionId", String()), ("workflowExecutionId", Pattern(ExecutionsApi.ExecutionIdPattern)), ("params", Map(Any()))),
                new JsonObject { ["actionId"] = "escalate", ["workflowExecutionId"] = "ex_0123456789abcdef_0123456789abcdef0123456789abcdef", ["params"] = new JsonObject { ["reason"] = "Budget cut." } })
            .Answers(200, "The action's run and the execution as it stands after the effect.", Record(
                null,
                ("actionRun", Record(
                    "The recorded run.",
                    ("id", Pattern("^ac_")),
                    ("customerId", String()),
                    ("actionId", String()),
                    ("workflowExecutionId", String()),
                    ("params", Map(Any())),
                    ("result", Map(Any(), "For an execution command {command, commandId, applied}.")),
                    ("actor", String()),
                    ("at", DateTime()),
                    ("version", Integer()))),
                ("workflowExecution", api.Ref("WorkflowExecution"))))
            .Problem(400, "The body or params are outside the action's table.")
            .Problem(404, "No such execution the caller may see.")
            .Problem(409, "The execution has ended (or the draft is not approved, or sent already).")
            .Problem(422, "The execution has no such step, or the draft does not fit.");
    }

    private static void AddPreferences(ApiBuilder api)
    {
        var chat = ("chat", Object(null, [], ("model", Text()), ("streaming", Boolean()), ("showToolCalls", Boolean())));
        var notifications = ("notifications", Object(null, [], ("email", Boolean()), ("inApp", Boolean()), ("digest", Enum(PreferencesSchema.Digests))));
        var ui = ("ui", Object(null, [], ("theme", Enum(PreferencesSchema.Themes)), ("density", Enum(PreferencesSchema.Densities)), ("defaultView", Enum(PreferencesSchema.Views))));
        var workflow = ("workflow", Object(null, [], ("defaultSnoozeHours", Integer(minimum: 1, maximum: 720)), ("autoAdvance", Boolean()), ("queueLimit", Integer(minimum: 1, maximum: 200))));
        (string, IOpenApiSchema)[] sections = [chat, notifications, ui, workflow];
        var answer = Record("The defaults with the caller's choices on top.", [.. sections, ("version", Integer("0 for a user who never chose anything.", 0)), ("updatedAt", Nullable(DateTime()))]);
        foreach (var (_, section) in sections)
        {
            ((OpenApiSchema)section).Required = new HashSet<string>(((OpenApiSchema)section).Properties!.Keys, StringComparer.Ordinal);
        }

        api.Operation(HttpMethod.Get, "workflows/preferences", "GetPreferences", AuthorizationLevel.Function, Tags.Preferences, "The caller's preferences")
            .Answers(200, "The preferences.", answer, headers: ["ETag"]);

        api.Operation(HttpMethod.Patch, "workflows/preferences", "UpdatePreferences", AuthorizationLevel.Function, Tags.Preferences, "Change the caller's preferences (JSON merge patch)", "null removes a choice, back to the default.")
            .Idempotent()
            .IfMatch()
            .Body(
                Object(null, [], ("chat", Nullable(Map(Any()))), ("notifications", Nullable(Map(Any()))), ("ui", Nullable(Map(Any()))), ("workflow", Nullable(Map(Any())))),
                new JsonObject { ["ui"] = new JsonObject { ["theme"] = "dark" }, ["workflow"] = new JsonObject { ["queueLimit"] = null } })
            .Answers(200, "The preferences after the change.", answer, headers: ["ETag"])
            .Problem(400, "A key outside the table, or a value of the wrong type or range; errors names it.");
    }
}
