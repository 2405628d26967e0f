using System.Text.Json.Nodes;
using Engage.Testing;

namespace Engage.Functions.Tests.Deployment;

/// <summary>
/// The catalogue the Worker SDK writes at build, which the Functions host indexes the app by: every function with
/// its trigger, route, methods and authorization level, and the Durable extension the host must load.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string AppFolder = Path.Combine(
        RepositoryPaths.Root, "src", "Engage.Functions", "bin", BuildConfiguration, "net10.0");

    public static TheoryData<string, string, string?, string?, string?> HttpFunctions => new()
    {
        { "StartEngagementSummary", "httpTrigger", "engagement-summary", "post", "Function" },
        { "GetEngagementStatus", "httpTrigger", "engagement-status", "get", "Function" },
        { "GetLatestEngagementSummary", "httpTrigger", "engagement-summary/{domain}/latest", "get", "Function" },
        { "ListEngagementRuns", "httpTrigger", "engagement-runs", "get", "Admin" },
        { "ListConversations", "httpTrigger", "conversations", "get", "Function" },
        { "GetConversation", "httpTrigger", "conversations/{client}/{crew}/{sessionId}", "get", "Function" },
        { "ConversationCompleteWebhook", "httpTrigger", "webhooks/conversation-complete", "post", "Anonymous" },
        { "RunDiscovery", "httpTrigger", "discovery/run", "post", "Admin" },
        { "GetDiscoveryStatus", "httpTrigger", "discovery/status", "get", "Function" },
        { "Health", "httpTrigger", "health", "get", "Anonymous" },
        { "Console", "httpTrigger", "console/{*path}", "get", "Anonymous" },
        { "OpenApiDocument", "httpTrigger", "openapi.json", "get", "Anonymous" },
        { "ListCustomers", "httpTrigger", "customers", "get", "Function" },
        { "GetCustomer", "httpTrigger", "customers/{id}", "get", "Function" },
        { "CreateCustomer", "httpTrigger", "customers", "post", "Function" },
        { "PatchCustomer", "httpTrigger", "customers/{id}", "patch", "Function" },
        { "DeleteCustomer", "httpTrigger", "customers/{id}", "delete", "Function" },
        { "ListCustomerEvents", "httpTrigger", "customers/{id}/events", "get", "Function" },
        { "ImportCustomers", "httpTrigger", "customers/import", "post", "Function" },
        { "GetWorkflowContext", "httpTrigger", "workflows/context", "get", "Function" },
        { "ListTasks", "httpTrigger", "workflows/tasks", "get", "Function" },
        { "CreateTask", "httpTrigger", "workflows/tasks", "post", "Function" },
        { "GetTask", "httpTrigger", "workflows/tasks/{id}", "get", "Function" },
        { "UpdateTask", "httpTrigger", "workflows/tasks/{id}", "patch", "Function" },
        { "DeleteTask", "httpTrigger", "workflows/tasks/{id}", "delete", "Function" },
        { "ListArtifacts", "httpTrigger", "workflows/artifacts", "get", "Function" },
        { "CreateArtifact", "httpTrigger", "workflows/artifacts", "post", "Function" },
        { "GetArtifact", "httpTrigger", "workflows/artifacts/{id}", "get", "Function" },
        { "UpdateArtifact", "httpTrigger", "workflows/artifacts/{id}", "patch", "Function" },
        { "DeleteArtifact", "httpTrigger", "workflows/artifacts/{id}", "delete", "Function" },
        { "ListSavedActions", "httpTrigger", "workflows/actions", "get", "Function" },
        { "ExecuteSavedAction", "httpTrigger", "workflows/actions/execute", "post", "Function" },
        { "GetPreferences", "httpTrigger", "workflows/preferences", "get", "Function" },
        { "UpdatePreferences", "httpTrigger", "workflows/preferences", "patch", "Function" },
        { "ListWorkflowDefinitions", "httpTrigger", "workflows/definitions", "get", "Function" },
        { "GetWorkflowDefinition", "httpTrigger", "workflows/definitions/{id}", "get", "Function" },
        { "CreateWorkflowDefinition", "httpTrigger", "workflows/definitions", "post", "Admin" },
        { "StartWorkflowExecution", "httpTrigger", "workflows/executions", "post", "Function" },
        { "ListWorkflowExecutions", "httpTrigger", "workflows/executions", "get", "Function" },
        { "GetWorkflowExecution", "httpTrigger", "workflows/executions/{id}", "get", "Function" },
        { "ListWorkflowExecutionEvents", "httpTrigger", "workflows/executions/{id}/events", "get", "Function" },
        { "CompleteWorkflowExecution", "httpTrigger", "workflows/executions/{id}/complete", "post", "Function" },
        { "CancelWorkflowExecution", "httpTrigger", "workflows/executions/{id}/cancel", "post", "Function" },
        { "CompleteWorkflowStep", "httpTrigger", "workflows/executions/{id}/steps/{stepId}/complete", "post", "Function" },
        { "SkipWorkflowStep", "httpTrigger", "workflows/executions/{id}/steps/{stepId}/skip", "post", "Function" },
        { "SnoozeWorkflowExecution", "httpTrigger", "workflows/executions/{id}/snooze", "post", "Function" },
        { "EscalateWorkflowExecution", "httpTrigger", "workflows/executions/{id}/escalate", "post", "Function" },
        { "ScheduleWorkflowFollowUp", "httpTrigger", "workflows/executions/{id}/follow-ups", "post", "Function" },
        { "GetWorkflowQueue", "httpTrigger", "workflows/queue", "get", "Function" },
        { "RunWorkflowPlanner", "httpTrigger", "workflows/planner/run", "post", "Admin" },
        { "CreateChatThread", "httpTrigger", "workflows/chat/threads", "post", "Function" },
        { "GetChatThread", "httpTrigger", "workflows/chat/threads/{id}", "get", "Function" },
        { "ListChatMessages", "httpTrigger", "workflows/chat/threads/{id}/messages", "get", "Function" },
        { "SendChatMessage", "httpTrigger", "workflows/chat/threads/{id}/messages", "post", "Function" },
        { "ListChatBranches", "httpTrigger", "workflows/chat/threads/{id}/branches", "get", "Function" },
        { "ListChatEvents", "httpTrigger", "workflows/chat/threads/{id}/events", "get", "Function" },
        { "CompleteChatThread", "httpTrigger", "workflows/chat/threads/{id}/complete", "post", "Function" },
        { "ReopenChatThread", "httpTrigger", "workflows/chat/threads/{id}/reopen", "post", "Function" },
    };

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Each_http_function_is_catalogued_with_its_route_method_and_auth_level(string name, string trigger, string? route, string? method, string? authLevel)
    {
        var binding = Trigger(name);

        Assert.Equal(trigger, binding["type"]!.GetValue<string>());
        Assert.Equal(route, binding["route"]!.GetValue<string>());
        Assert.Equal([method], binding["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(authLevel, binding["authLevel"]!.GetValue<string>());
    }

    [Fact]
    public void The_timers_take_their_schedules_from_app_settings()
    {
        Assert.Equal("%CONVERSATION_DISCOVERY_CRON%", Trigger("ConversationDiscovery")["schedule"]!.GetValue<string>());
        Assert.Equal("%ENGAGEMENT_RETENTION_CRON%", Trigger("EngagementRetention")["schedule"]!.GetValue<string>());
        Assert.Equal("timerTrigger", Trigger("EngagementRetention")["type"]!.GetValue<string>());
        Assert.Equal("%CUSTOMER_RULES_CRON%", Trigger("CustomerRules")["schedule"]!.GetValue<string>());
        Assert.Equal("%WORKFLOW_PLANNER_CRON%", Trigger("WorkflowPlanner")["schedule"]!.GetValue<string>());
        Assert.Equal("%CHAT_IDLE_CRON%", Trigger("ChatIdleThreads")["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void The_orchestrator_and_its_activities_are_durable_functions_and_the_starters_bind_the_durable_client()
    {
        Assert.Equal("orchestrationTrigger", Trigger("EngagementAggregation")["type"]!.GetValue<string>());
        Assert.Equal("orchestrationTrigger", Trigger("AnalyzeExcerptBatch")["type"]!.GetValue<string>());
        foreach (var activity in new[] { "CollectMeetings", "AnalyzeExcerpt", "ReportProgress", "CompleteRun" })
        {
            Assert.Equal("activityTrigger", Trigger(activity)["type"]!.GetValue<string>());
        }

        Assert.Contains(Bindings("StartEngagementSummary"), b => b!["type"]!.GetValue<string>() == "durableClient");
        Assert.Contains(Bindings("EngagementRetention"), b => b!["type"]!.GetValue<string>() == "durableClient");
        Assert.Equal("orchestrationTrigger", Trigger("WorkflowExecution")["type"]!.GetValue<string>());
        Assert.Equal("activityTrigger", Trigger("RecordExecutionChange")["type"]!.GetValue<string>());
        foreach (var starter in new[] { "StartWorkflowExecution", "CompleteWorkflowStep", "WorkflowPlanner", "RunWorkflowPlanner", "SendChatMessage", "CompleteChatThread" })
        {
            Assert.Contains(Bindings(starter), b => b!["type"]!.GetValue<string>() == "durableClient");
        }
    }

    [Fact]
    public void The_catalogue_holds_exactly_the_apps_functions_for_the_dotnet_isolated_worker()
    {
        var functions = Catalogue();

        Assert.Equal(71, functions.Count);
        Assert.All(functions, f => Assert.Equal("dotnet-isolated", f!["language"]!.GetValue<string>()));
        Assert.All(functions, f => Assert.Equal("Engage.Functions.dll", f!["scriptFile"]!.GetValue<string>()));
    }

    [Fact]
    public void Extensions_json_names_the_durable_task_extension()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(AppFolder, "extensions.json")))!["extensions"]!.AsArray();

        var durable = Assert.Single(extensions, e => e!["name"]!.GetValue<string>() == "DurableTask");
        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.DurableTask.DurableTaskWebJobsStartup", durable!["typeName"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonArray Catalogue() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppFolder, "functions.metadata")))!.AsArray();

    private static JsonArray Bindings(string function) =>
        Catalogue().Single(f => f!["name"]!.GetValue<string>() == function)!["bindings"]!.AsArray();

    private static JsonObject Trigger(string function) =>
        Bindings(function).Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!.AsObject();
}
