using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Chat.Threads;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Engage.Functions.Tests.Workflows.Chat.ChatCalls;

namespace Engage.Functions.Tests.OpenApi;

/// <summary>A request that makes operation <paramref name="OperationId"/> answer <paramref name="Status"/>.</summary>
public sealed record ContractCase(string OperationId, int Status, Func<ContractApp, Task<HttpResponseMessage>> Send);

/// <summary>For every documented operation and status, a real request that produces it.</summary>
public static class ContractCases
{
    private const string Stale = "\"999\"";
    private const string Someone = "someone@engage.test";
    private const string UnknownCustomer = "cu_0000000000000000";
    private const string UnknownExecution = "ex_0000000000000000_00000000000000000000000000000000";

    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Patch = HttpMethod.Patch;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    public static IReadOnlyList<ContractCase> All { get; } =
    [
        .. Engagement(),
        .. Discovery(),
        new("Health", 200, app => app.SendAsync(Get, "/api/health")),
        new("OpenApiDocument", 200, app => app.SendAsync(Get, "/api/openapi.json")),
        .. Customers(),
        .. Definitions(),
        .. Executions(),
        .. Tasks(),
        .. Artifacts(),
        .. Workbench(),
        .. Chat(),
    ];

    private static IEnumerable<ContractCase> Engagement()
    {
        yield return new("StartEngagementSummary", 202, app => app.SendAsync(Post, "/api/engagement-summary", new JsonObject { ["domain"] = "https://www.Initech.com/about" }));
        yield return new("StartEngagementSummary", 400, app => app.SendAsync(Post, "/api/engagement-summary", new JsonObject { ["domain"] = "not a domain" }));
        yield return new("StartEngagementSummary", 413, app => app.SendAsync(Post, "/api/engagement-summary", new JsonObject { ["domain"] = new string('a', 17 * 1024) }));
        yield return new("StartEngagementSummary", 422, async app =>
        {
            var key = ("Idempotency-Key", Guid.NewGuid().ToString());
            (await app.SendAsync(Post, "/api/engagement-summary", new JsonObject { ["domain"] = ContractApp.Domain }, headers: key)).Dispose();
            return await app.SendAsync(Post, "/api/engagement-summary", new JsonObject { ["domain"] = "globex.io" }, headers: key);
        });
        yield return new("GetEngagementStatus", 200, app => app.SendAsync(Get, $"/api/engagement-status?domain={ContractApp.Domain}&run_id={app.RunId}"));
        yield return new("GetEngagementStatus", 400, app => app.SendAsync(Get, $"/api/engagement-status?domain={ContractApp.Domain}&run_id=nope"));
        yield return new("GetLatestEngagementSummary", 200, app => app.SendAsync(Get, $"/api/engagement-summary/{ContractApp.Domain}/latest"));
        yield return new("GetLatestEngagementSummary", 400, app => app.SendAsync(Get, "/api/engagement-summary/localhost/latest"));
        yield return new("GetLatestEngagementSummary", 404, app => app.SendAsync(Get, $"/api/engagement-summary/n{Guid.NewGuid():N}.com/latest"));
        yield return new("ListEngagementRuns", 200, app => app.SendAsync(Get, $"/api/engagement-runs?domain={ContractApp.Domain}&limit=1"));
        yield return new("ListEngagementRuns", 400, app => app.SendAsync(Get, "/api/engagement-runs?limit=0"));
    }

    private static IEnumerable<ContractCase> Discovery()
    {
        static string Text(ContractApp app, string name) => app.Conversation[name]!.GetValue<string>();
        yield return new("ListConversations", 200, app => app.SendAsync(Get, "/api/conversations?limit=2"));
        yield return new("ListConversations", 400, app => app.SendAsync(Get, "/api/conversations?limit=0"));
        yield return new("ListConversations", 404, app => app.SendAsync(Get, "/api/conversations?client=nobody"));
        yield return new("GetConversation", 200, app => app.SendAsync(Get, $"/api/conversations/{Text(app, "client")}/{Text(app, "crew")}/{Uri.EscapeDataString(Text(app, "session_id"))}"));
        yield return new("GetConversation", 400, app => app.SendAsync(Get, $"/api/conversations/{Text(app, "client")}/{Text(app, "crew")}/{new string('s', 256)}"));
        yield return new("GetConversation", 404, app => app.SendAsync(Get, $"/api/conversations/{Text(app, "client")}/{Text(app, "crew")}/no-such-session"));
        (string, string) secret = ("X-Webhook-Secret", ContractApp.WebhookSecret);
        yield return new("ConversationCompleteWebhook", 200, app => app.SendAsync(Post, "/api/webhooks/conversation-complete", new JsonObject { ["crew_code"] = Text(app, "crew"), ["client_code"] = Text(app, "client"), ["session_id"] = Text(app, "session_id") }, headers: secret));
        yield return new("ConversationCompleteWebhook", 400, app => app.SendAsync(Post, "/api/webhooks/conversation-complete", "[]", headers: secret));
        yield return new("ConversationCompleteWebhook", 401, app => app.SendAsync(Post, "/api/webhooks/conversation-complete", new JsonObject { ["crew_code"] = "support", ["session_id"] = "1" }, headers: ("X-Webhook-Secret", "wrong")));
        yield return new("ConversationCompleteWebhook", 404, app => app.SendAsync(Post, "/api/webhooks/conversation-complete", new JsonObject { ["crew_code"] = "no-such-crew", ["session_id"] = "1" }, headers: secret));
        yield return new("RunDiscovery", 202, async app =>
        {
            // Waits out a run still going (the fixture's, or the previous case's), which answers 409.
            await Eventually.GetAsync(async () => (await app.JsonAsync(Get, "/api/discovery/status"))["running"]!.GetValue<bool>(), running => !running);
            return await app.SendAsync(Post, "/api/discovery/run");
        });
        yield return new("GetDiscoveryStatus", 200, app => app.SendAsync(Get, "/api/discovery/status"));
    }

    private static IEnumerable<ContractCase> Customers()
    {
        yield return new("ListCustomers", 200, async app =>
        {
            await app.NewCustomerAsync();
            return await app.SendAsync(Get, "/api/customers?limit=2");
        });
        yield return new("ListCustomers", 400, app => app.SendAsync(Get, "/api/customers?accountPlan=bogus"));
        yield return new("GetCustomer", 200, async app => await app.SendAsync(Get, $"/api/customers/{await app.NewCustomerAsync()}"));
        yield return new("GetCustomer", 404, app => app.SendAsync(Get, $"/api/customers/{UnknownCustomer}"));
        yield return new("CreateCustomer", 201, app => app.SendAsync(Post, "/api/customers", new JsonObject { ["name"] = "Made", ["domain"] = $"m{Guid.NewGuid():N}.example.org", ["usage"] = new JsonObject { ["utilization"] = 0.5 } }));
        yield return new("CreateCustomer", 400, app => app.SendAsync(Post, "/api/customers", new JsonObject { ["name"] = "Made", ["domain"] = "x.example.org", ["health_score"] = 1 }));
        yield return new("CreateCustomer", 403, app => app.SendAsync(Post, "/api/customers", new JsonObject { ["name"] = "Made", ["domain"] = $"m{Guid.NewGuid():N}.example.org", ["owner"] = "other@engage.test" }, user: Someone));
        yield return new("CreateCustomer", 409, async app =>
        {
            var domain = (await app.JsonAsync(Get, $"/api/customers/{await app.NewCustomerAsync()}"))["domain"]!.GetValue<string>();
            return await app.SendAsync(Post, "/api/customers", new JsonObject { ["name"] = "Twin", ["domain"] = domain });
        });
        yield return new("CreateCustomer", 413, app => app.SendAsync(Post, "/api/customers", new JsonObject { ["name"] = new string('n', 17 * 1024), ["domain"] = "x.example.org" }));
        yield return new("CreateCustomer", 422, app => app.SendAsync(Post, "/api/customers", new JsonObject { ["name"] = "Made", ["domain"] = $"m{Guid.NewGuid():N}.example.org", ["version"] = 3 }));
        yield return new("PatchCustomer", 200, async app => await app.SendAsync(Patch, $"/api/customers/{await app.NewCustomerAsync()}", new JsonObject { ["healthScore"] = 40, ["industry"] = null }, contentType: "application/merge-patch+json"));
        yield return new("PatchCustomer", 400, async app => await app.SendAsync(Patch, $"/api/customers/{await app.NewCustomerAsync()}", new JsonObject { ["healthScore"] = 400 }));
        yield return new("PatchCustomer", 404, app => app.SendAsync(Patch, $"/api/customers/{UnknownCustomer}", new JsonObject { ["healthScore"] = 40 }));
        yield return new("PatchCustomer", 409, async app =>
        {
            var taken = (await app.JsonAsync(Get, $"/api/customers/{await app.NewCustomerAsync()}"))["domain"]!.GetValue<string>();
            return await app.SendAsync(Patch, $"/api/customers/{await app.NewCustomerAsync()}", new JsonObject { ["domain"] = taken });
        });
        yield return new("PatchCustomer", 412, async app => await app.SendAsync(Patch, $"/api/customers/{await app.NewCustomerAsync()}", new JsonObject { ["healthScore"] = 40 }, headers: ("If-Match", Stale)));
        yield return new("DeleteCustomer", 204, async app => await app.SendAsync(Delete, $"/api/customers/{await app.NewCustomerAsync()}"));
        yield return new("DeleteCustomer", 404, app => app.SendAsync(Delete, $"/api/customers/{UnknownCustomer}"));
        yield return new("DeleteCustomer", 409, async app => await app.SendAsync(Delete, $"/api/customers/{(await app.NewExecutionAsync())["customerId"]}"));
        yield return new("DeleteCustomer", 412, async app => await app.SendAsync(Delete, $"/api/customers/{await app.NewCustomerAsync()}", headers: ("If-Match", Stale)));
        yield return new("ListCustomerEvents", 200, async app => await app.SendAsync(Get, $"/api/customers/{await app.NewCustomerAsync()}/events"));
        yield return new("ListCustomerEvents", 400, async app => await app.SendAsync(Get, $"/api/customers/{await app.NewCustomerAsync()}/events?limit=0"));
        yield return new("ListCustomerEvents", 404, app => app.SendAsync(Get, $"/api/customers/{UnknownCustomer}/events"));
        yield return new("ImportCustomers", 200, app => app.SendAsync(Post, "/api/customers/import", new JsonArray(new JsonObject { ["name"] = "Imported", ["domain"] = $"i{Guid.NewGuid():N}.example.net" }, new JsonObject { ["name"] = "No domain" })));
        yield return new("ImportCustomers", 400, app => app.SendAsync(Post, "/api/customers/import", new JsonObject { ["name"] = "Not an array" }));
        yield return new("ImportCustomers", 413, app => app.SendAsync(Post, "/api/customers/import", "[" + string.Join(',', Enumerable.Repeat("{}", 5001)) + "]"));
    }

    private static IEnumerable<ContractCase> Definitions()
    {
        yield return new("ListWorkflowDefinitions", 200, app => app.SendAsync(Get, "/api/workflows/definitions"));
        yield return new("GetWorkflowDefinition", 200, app => app.SendAsync(Get, "/api/workflows/definitions/renewal-preparation?version=1"));
        yield return new("GetWorkflowDefinition", 400, app => app.SendAsync(Get, "/api/workflows/definitions/renewal-preparation?version=0"));
        yield return new("GetWorkflowDefinition", 404, app => app.SendAsync(Get, "/api/workflows/definitions/no-such-workflow"));
        var definition = new JsonObject
        {
            ["id"] = "contract-onboarding",
            ["name"] = "Onboarding",
            ["trigger"] = new JsonObject { ["type"] = "manual" },
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "kickoff", ["type"] = "task", ["name"] = "Kick-off", ["goal"] = "Agree the plan.", ["sla"] = "P3D", ["completesWithTask"] = true }),
        };
        yield return new("CreateWorkflowDefinition", 201, app => app.SendAsync(Post, "/api/workflows/definitions", definition.DeepClone()));
        yield return new("CreateWorkflowDefinition", 400, app => app.SendAsync(Post, "/api/workflows/definitions", new JsonObject()));
        yield return new("CreateWorkflowDefinition", 403, app => app.SendAsync(Post, "/api/workflows/definitions", definition.DeepClone(), user: Someone));
    }

    private static IEnumerable<ContractCase> Executions()
    {
        yield return new("StartWorkflowExecution", 201, async app => await app.SendAsync(Post, "/api/workflows/executions", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["workflowId"] = "renewal-preparation" }));
        yield return new("StartWorkflowExecution", 400, app => app.SendAsync(Post, "/api/workflows/executions", new JsonObject { ["customerId"] = "nope" }));
        yield return new("StartWorkflowExecution", 404, app => app.SendAsync(Post, "/api/workflows/executions", new JsonObject { ["customerId"] = UnknownCustomer, ["workflowId"] = "renewal-preparation" }));
        yield return new("ListWorkflowExecutions", 200, async app => await app.SendAsync(Get, $"/api/workflows/executions?customerId={(await app.NewExecutionAsync())["customerId"]}&status=active"));
        yield return new("ListWorkflowExecutions", 400, app => app.SendAsync(Get, "/api/workflows/executions"));
        yield return new("ListWorkflowExecutions", 404, app => app.SendAsync(Get, $"/api/workflows/executions?customerId={UnknownCustomer}"));
        yield return new("GetWorkflowExecution", 200, async app => await app.SendAsync(Get, $"/api/workflows/executions/{(await app.NewExecutionAsync())["id"]}"));
        yield return new("GetWorkflowExecution", 400, app => app.SendAsync(Get, "/api/workflows/executions/nope"));
        yield return new("GetWorkflowExecution", 404, app => app.SendAsync(Get, $"/api/workflows/executions/{UnknownExecution}"));
        yield return new("ListWorkflowExecutionEvents", 200, async app => await app.SendAsync(Get, $"/api/workflows/executions/{(await app.NewExecutionAsync())["id"]}/events"));
        yield return new("ListWorkflowExecutionEvents", 400, app => app.SendAsync(Get, "/api/workflows/executions/nope/events"));
        yield return new("ListWorkflowExecutionEvents", 404, app => app.SendAsync(Get, $"/api/workflows/executions/{UnknownExecution}/events"));

        var later = DateTimeOffset.UtcNow.AddDays(3).ToString("O");
        const string Past = "2020-01-01T00:00:00Z";
        (string Route, string Operation, JsonObject Body)[] commands =
        [
            ("complete", "CompleteWorkflowExecution", new JsonObject { ["reason"] = "Done." }),
            ("cancel", "CancelWorkflowExecution", new JsonObject()),
            ("steps/{step}/complete", "CompleteWorkflowStep", new JsonObject { ["note"] = "Held." }),
            ("steps/{step}/skip", "SkipWorkflowStep", new JsonObject()),
            ("snooze", "SnoozeWorkflowExecution", new JsonObject { ["until"] = later }),
            ("escalate", "EscalateWorkflowExecution", new JsonObject { ["reason"] = "Risk." }),
            ("follow-ups", "ScheduleWorkflowFollowUp", new JsonObject { ["at"] = later, ["note"] = "Chase." }),
        ];
        foreach (var (route, operation, body) in commands)
        {
            yield return new(operation, 200, app => CommandAsync(app, route, body));
            yield return new(operation, 412, app => CommandAsync(app, route, body, ("If-Match", Stale)));
            yield return new(operation, 404, app => app.SendAsync(Post, $"/api/workflows/executions/{UnknownExecution}/{route.Replace("{step}", "s", StringComparison.Ordinal)}", body.DeepClone()));
        }

        yield return new("CompleteWorkflowExecution", 409, app => EndedCommandAsync(app, "complete"));
        yield return new("CancelWorkflowExecution", 409, app => EndedCommandAsync(app, "cancel"));
        yield return new("EscalateWorkflowExecution", 409, async app =>
        {
            var id = (await app.NewExecutionAsync())["id"];
            (await app.SendAsync(Post, $"/api/workflows/executions/{id}/escalate", new JsonObject())).Dispose();
            return await app.SendAsync(Post, $"/api/workflows/executions/{id}/escalate", new JsonObject());
        });
        foreach (var (route, operation) in new[] { ("steps/{step}/complete", "CompleteWorkflowStep"), ("steps/{step}/skip", "SkipWorkflowStep") })
        {
            yield return new(operation, 404, async app => await app.SendAsync(Post, $"/api/workflows/executions/{(await app.NewExecutionAsync())["id"]}/{route.Replace("{step}", "no-such-step", StringComparison.Ordinal)}", new JsonObject()));
            yield return new(operation, 409, async app =>
            {
                var execution = await app.NewExecutionAsync();
                var pending = execution["steps"]!.AsArray().First(s => s!["status"]!.GetValue<string>() == "pending")!["id"];
                return await app.SendAsync(Post, $"/api/workflows/executions/{execution["id"]}/{route.Replace("{step}", pending!.GetValue<string>(), StringComparison.Ordinal)}", new JsonObject());
            });
        }

        foreach (var (route, operation, field) in new[] { ("snooze", "SnoozeWorkflowExecution", "until"), ("follow-ups", "ScheduleWorkflowFollowUp", "at") })
        {
            yield return new(operation, 400, app => CommandAsync(app, route, new JsonObject()));
            yield return new(operation, 422, app => CommandAsync(app, route, new JsonObject { [field] = Past }));
        }
    }

    /// <summary>Sends a command to a new execution; <c>{step}</c> in the route is its active step.</summary>
    private static async Task<HttpResponseMessage> CommandAsync(ContractApp app, string route, JsonObject body, params (string, string)[] headers)
    {
        var execution = await app.NewExecutionAsync();
        var path = route.Replace("{step}", execution["currentStep"]!.GetValue<string>(), StringComparison.Ordinal);
        return await app.SendAsync(Post, $"/api/workflows/executions/{execution["id"]}/{path}", body.DeepClone(), headers: headers);
    }

    private static async Task<HttpResponseMessage> EndedCommandAsync(ContractApp app, string route)
    {
        var id = (await app.NewExecutionAsync())["id"];
        await app.JsonAsync(Post, $"/api/workflows/executions/{id}/cancel", new JsonObject());
        return await app.SendAsync(Post, $"/api/workflows/executions/{id}/{route}", new JsonObject());
    }

    private static IEnumerable<ContractCase> Tasks()
    {
        yield return new("ListTasks", 200, async app =>
        {
            var customer = await app.NewCustomerAsync();
            await app.NewTaskAsync(customer);
            return await app.SendAsync(Get, $"/api/workflows/tasks?customerId={customer}&status=open");
        });
        yield return new("ListTasks", 400, app => app.SendAsync(Get, "/api/workflows/tasks?status=bogus"));
        yield return new("CreateTask", 201, async app => await app.SendAsync(Post, "/api/workflows/tasks", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["title"] = "Quote", ["priority"] = "high", ["dueAt"] = "2030-01-01T09:00:00Z" }));
        yield return new("CreateTask", 400, async app => await app.SendAsync(Post, "/api/workflows/tasks", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["title"] = "Quote", ["colour"] = "red" }));
        yield return new("CreateTask", 404, app => app.SendAsync(Post, "/api/workflows/tasks", new JsonObject { ["customerId"] = UnknownCustomer, ["title"] = "Quote" }));
        yield return new("CreateTask", 422, async app => await app.SendAsync(Post, "/api/workflows/tasks", new JsonObject { ["workflowExecutionId"] = (await app.NewExecutionAsync())["id"]!.DeepClone(), ["stepId"] = "no-such-step", ["title"] = "Quote" }));
        yield return new("GetTask", 200, async app => await app.SendAsync(Get, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}"));
        yield return new("GetTask", 404, app => app.SendAsync(Get, "/api/workflows/tasks/tk_nope"));
        yield return new("UpdateTask", 200, async app => await app.SendAsync(Patch, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}", new JsonObject { ["action"] = "complete", ["reason"] = "Done." }));
        yield return new("UpdateTask", 400, async app => await app.SendAsync(Patch, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}", new JsonObject { ["action"] = "explode" }));
        yield return new("UpdateTask", 404, app => app.SendAsync(Patch, "/api/workflows/tasks/tk_nope", new JsonObject { ["title"] = "x" }));
        yield return new("UpdateTask", 409, async app => await app.SendAsync(Patch, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}", new JsonObject { ["action"] = "reopen" }));
        yield return new("UpdateTask", 412, async app => await app.SendAsync(Patch, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}", new JsonObject { ["title"] = "x" }, headers: ("If-Match", Stale)));
        yield return new("DeleteTask", 204, async app => await app.SendAsync(Delete, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}"));
        yield return new("DeleteTask", 404, app => app.SendAsync(Delete, "/api/workflows/tasks/tk_nope"));
        yield return new("DeleteTask", 412, async app => await app.SendAsync(Delete, $"/api/workflows/tasks/{await app.NewTaskAsync(await app.NewCustomerAsync())}", headers: ("If-Match", Stale)));
    }

    private static IEnumerable<ContractCase> Artifacts()
    {
        yield return new("ListArtifacts", 200, async app =>
        {
            var customer = await app.NewCustomerAsync();
            await app.NewArtifactAsync(customer);
            return await app.SendAsync(Get, $"/api/workflows/artifacts?customerId={customer}");
        });
        yield return new("ListArtifacts", 400, app => app.SendAsync(Get, "/api/workflows/artifacts"));
        yield return new("CreateArtifact", 201, async app => await app.SendAsync(Post, "/api/workflows/artifacts", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["type"] = "email_draft", ["title"] = "Renewal", ["content"] = new JsonObject { ["to"] = "cfo@example.com", ["body"] = "Hello" }, ["generation"] = new JsonObject { ["model"] = "gpt" } }));
        yield return new("CreateArtifact", 400, async app => await app.SendAsync(Post, "/api/workflows/artifacts", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["type"] = "note", ["title"] = "T" }));
        yield return new("CreateArtifact", 404, app => app.SendAsync(Post, "/api/workflows/artifacts", new JsonObject { ["customerId"] = UnknownCustomer, ["type"] = "note", ["title"] = "T", ["content"] = "c" }));
        yield return new("CreateArtifact", 413, async app => await app.SendAsync(Post, "/api/workflows/artifacts", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["type"] = "note", ["title"] = "T", ["content"] = new string('c', 30_001) }));
        yield return new("CreateArtifact", 422, async app => await app.SendAsync(Post, "/api/workflows/artifacts", new JsonObject { ["customerId"] = await app.NewCustomerAsync(), ["type"] = "poem", ["title"] = "T", ["content"] = "c" }));
        yield return new("GetArtifact", 200, async app => await app.SendAsync(Get, $"/api/workflows/artifacts/{await app.NewArtifactAsync(await app.NewCustomerAsync())}"));
        yield return new("GetArtifact", 404, app => app.SendAsync(Get, "/api/workflows/artifacts/ar_nope"));
        yield return new("UpdateArtifact", 200, async app => await app.SendAsync(Patch, $"/api/workflows/artifacts/{await app.NewArtifactAsync(await app.NewCustomerAsync())}", new JsonObject { ["isApproved"] = true }));
        yield return new("UpdateArtifact", 400, async app => await app.SendAsync(Patch, $"/api/workflows/artifacts/{await app.NewArtifactAsync(await app.NewCustomerAsync())}", new JsonObject { ["colour"] = "red" }));
        yield return new("UpdateArtifact", 404, app => app.SendAsync(Patch, "/api/workflows/artifacts/ar_nope", new JsonObject { ["title"] = "x" }));
        yield return new("UpdateArtifact", 409, async app =>
        {
            var id = await app.NewArtifactAsync(await app.NewCustomerAsync());
            await app.JsonAsync(Patch, $"/api/workflows/artifacts/{id}", new JsonObject { ["isApproved"] = true });
            return await app.SendAsync(Patch, $"/api/workflows/artifacts/{id}", new JsonObject { ["title"] = "Changed" });
        });
        yield return new("UpdateArtifact", 412, async app => await app.SendAsync(Patch, $"/api/workflows/artifacts/{await app.NewArtifactAsync(await app.NewCustomerAsync())}", new JsonObject { ["title"] = "x" }, headers: ("If-Match", Stale)));
        yield return new("DeleteArtifact", 204, async app => await app.SendAsync(Delete, $"/api/workflows/artifacts/{await app.NewArtifactAsync(await app.NewCustomerAsync())}"));
        yield return new("DeleteArtifact", 404, app => app.SendAsync(Delete, "/api/workflows/artifacts/ar_nope"));
        yield return new("DeleteArtifact", 412, async app => await app.SendAsync(Delete, $"/api/workflows/artifacts/{await app.NewArtifactAsync(await app.NewCustomerAsync())}", headers: ("If-Match", Stale)));
    }

    private static IEnumerable<ContractCase> Workbench()
    {
        yield return new("GetWorkflowQueue", 200, async app =>
        {
            await app.NewExecutionAsync();
            return await app.SendAsync(Get, "/api/workflows/queue?owner=all&limit=3");
        });
        yield return new("GetWorkflowQueue", 400, app => app.SendAsync(Get, "/api/workflows/queue?limit=0"));
        yield return new("RunWorkflowPlanner", 200, app => app.SendAsync(Post, "/api/workflows/planner/run"));
        yield return new("GetWorkflowContext", 200, async app => await app.SendAsync(Get, $"/api/workflows/context?workflowExecutionId={(await app.NewExecutionAsync())["id"]}"));
        yield return new("GetWorkflowContext", 400, app => app.SendAsync(Get, "/api/workflows/context"));
        yield return new("GetWorkflowContext", 404, app => app.SendAsync(Get, $"/api/workflows/context?customerId={UnknownCustomer}"));
        yield return new("ListSavedActions", 200, app => app.SendAsync(Get, "/api/workflows/actions"));
        yield return new("ExecuteSavedAction", 200, async app => await app.SendAsync(Post, "/api/workflows/actions/execute", Action("escalate", (await app.NewExecutionAsync())["id"]!, new JsonObject { ["reason"] = "Budget cut." })));
        yield return new("ExecuteSavedAction", 400, async app => await app.SendAsync(Post, "/api/workflows/actions/execute", Action("explode", (await app.NewExecutionAsync())["id"]!, new JsonObject())));
        yield return new("ExecuteSavedAction", 404, app => app.SendAsync(Post, "/api/workflows/actions/execute", Action("escalate", UnknownExecution, new JsonObject { ["reason"] = "x" })));
        yield return new("ExecuteSavedAction", 409, async app =>
        {
            var id = (await app.NewExecutionAsync())["id"]!;
            await app.JsonAsync(Post, $"/api/workflows/executions/{id}/cancel", new JsonObject());
            return await app.SendAsync(Post, "/api/workflows/actions/execute", Action("escalate", id, new JsonObject { ["reason"] = "x" }));
        });
        yield return new("ExecuteSavedAction", 422, async app => await app.SendAsync(Post, "/api/workflows/actions/execute", Action("skip", (await app.NewExecutionAsync())["id"]!, new JsonObject { ["stepId"] = "no-such-step" })));
        yield return new("GetPreferences", 200, app => app.SendAsync(Get, "/api/workflows/preferences", user: $"p{Guid.NewGuid():N}@engage.test"));
        yield return new("UpdatePreferences", 200, app => app.SendAsync(Patch, "/api/workflows/preferences", new JsonObject { ["ui"] = new JsonObject { ["theme"] = "dark" } }, user: $"p{Guid.NewGuid():N}@engage.test"));
        yield return new("UpdatePreferences", 400, app => app.SendAsync(Patch, "/api/workflows/preferences", new JsonObject { ["ui"] = new JsonObject { ["theme"] = "neon" } }, user: $"p{Guid.NewGuid():N}@engage.test"));
        yield return new("UpdatePreferences", 412, app => app.SendAsync(Patch, "/api/workflows/preferences", new JsonObject { ["ui"] = new JsonObject { ["theme"] = "dark" } }, user: $"p{Guid.NewGuid():N}@engage.test", headers: ("If-Match", Stale)));
    }

    private static IEnumerable<ContractCase> Chat()
    {
        const string UnknownThread = "th_0000000000000000_00000000000000000000000000000000";
        const string DraftEmail = "Draft an email to the champion about the renewal.";
        (string, string) stream = ("Accept", "text/event-stream");
        static JsonObject Create(JsonObject execution, string? stepId = null, string? field = null, string? value = null)
        {
            var body = new JsonObject { ["workflowExecutionId"] = execution["id"]!.DeepClone(), ["stepId"] = stepId ?? execution["currentStep"]!.GetValue<string>() };
            if (field is not null)
            {
                body[field] = value;
            }

            return body;
        }

        static async Task<string> SentAsync(ContractApp app, params JsonObject[] messages)
        {
            var id = await app.NewThreadAsync();
            foreach (var message in messages)
            {
                await app.JsonAsync(Post, $"{Threads}/{id}/messages", message);
            }

            return id;
        }

        yield return new("CreateChatThread", 201, async app => await app.SendAsync(Post, Threads, Create(await app.NewExecutionAsync(), field: "title", value: "Renewal outreach")));
        yield return new("CreateChatThread", 200, async app =>
        {
            var body = Create(await app.NewExecutionAsync());
            await app.JsonAsync(Post, Threads, body.DeepClone());
            return await app.SendAsync(Post, Threads, body);
        });
        yield return new("CreateChatThread", 400, async app => await app.SendAsync(Post, Threads, Create(await app.NewExecutionAsync(), field: "colour", value: "red")));
        yield return new("CreateChatThread", 404, app => app.SendAsync(Post, Threads, new JsonObject { ["workflowExecutionId"] = UnknownExecution, ["stepId"] = "outreach" }));
        yield return new("CreateChatThread", 413, async app => await app.SendAsync(Post, Threads, Create(await app.NewExecutionAsync(), field: "title", value: new string('t', 17 * 1024))));
        yield return new("CreateChatThread", 422, async app => await app.SendAsync(Post, Threads, Create(await app.NewExecutionAsync(), "no-such-step")));

        yield return new("GetChatThread", 200, async app => await app.SendAsync(Get, $"{Threads}/{await app.NewThreadAsync()}"));
        yield return new("GetChatThread", 400, app => app.SendAsync(Get, $"{Threads}/nope"));
        yield return new("GetChatThread", 404, app => app.SendAsync(Get, $"{Threads}/{UnknownThread}"));

        // Two messages and their replies, the second forking from the first: a page short of the lineage, with a continuation.
        yield return new("ListChatMessages", 200, async app => await app.SendAsync(Get, $"{Threads}/{await SentAsync(app, Message("Hello"), Message("Hello again", "msg_00000001"))}/messages?limit=2"));
        yield return new("ListChatMessages", 400, async app => await app.SendAsync(Get, $"{Threads}/{await app.NewThreadAsync()}/messages?limit=0"));
        yield return new("ListChatMessages", 404, async app => await app.SendAsync(Get, $"{Threads}/{await app.NewThreadAsync()}/messages?branch=br_00000099"));

        // The local responder drafts the email through a tool, so the answer has a tool message and the stream a tool event.
        yield return new("SendChatMessage", 200, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/messages", Message(DraftEmail)));
        yield return new("SendChatMessage", 200, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/messages", Message(DraftEmail), headers: stream));
        yield return new("SendChatMessage", 200, async app =>
        {
            // A retry with the Idempotency-Key of a send already answered, asking for a stream: the stored answer replayed as events.
            var path = $"{Threads}/{await app.NewThreadAsync()}/messages";
            var key = ("Idempotency-Key", Guid.NewGuid().ToString());
            (await app.SendAsync(Post, path, Message(DraftEmail), headers: key)).Dispose();
            return await app.SendAsync(Post, path, Message(DraftEmail), headers: [key, stream]);
        });
        yield return new("SendChatMessage", 400, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/messages", new JsonObject { ["content"] = string.Empty }));
        yield return new("SendChatMessage", 404, app => app.SendAsync(Post, $"{Threads}/{UnknownThread}/messages", Message("Hello")));
        yield return new("SendChatMessage", 409, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/messages", Message("Hello", version: 999)));
        yield return new("SendChatMessage", 413, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/messages", Message(new string('c', 65 * 1024))));
        yield return new("SendChatMessage", 422, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/messages", Message("Hello", "msg_00000099")));

        yield return new("ListChatBranches", 200, async app => await app.SendAsync(Get, $"{Threads}/{await SentAsync(app, Message("Hello"), Message("Hello again", "msg_00000001"))}/branches"));
        yield return new("ListChatBranches", 400, app => app.SendAsync(Get, $"{Threads}/nope/branches"));
        yield return new("ListChatBranches", 404, app => app.SendAsync(Get, $"{Threads}/{UnknownThread}/branches"));

        yield return new("ListChatEvents", 200, async app => await app.SendAsync(Get, $"{Threads}/{await SentAsync(app, Message(DraftEmail))}/events?limit=3"));
        yield return new("ListChatEvents", 400, async app => await app.SendAsync(Get, $"{Threads}/{await app.NewThreadAsync()}/events?continuation=bogus"));
        yield return new("ListChatEvents", 404, app => app.SendAsync(Get, $"{Threads}/{UnknownThread}/events"));

        yield return new("CompleteChatThread", 200, async app => await app.SendAsync(Post, $"{Threads}/{await SentAsync(app, Message("Hello"))}/complete", new JsonObject()));
        yield return new("CompleteChatThread", 400, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/complete", new JsonObject { ["version"] = 0 }));
        yield return new("CompleteChatThread", 404, app => app.SendAsync(Post, $"{Threads}/{UnknownThread}/complete", new JsonObject()));
        yield return new("CompleteChatThread", 409, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/complete", new JsonObject { ["version"] = 999 }));

        yield return new("ReopenChatThread", 200, async app =>
        {
            var id = await app.NewThreadAsync();
            await CloseAsync(app, id);
            return await app.SendAsync(Post, $"{Threads}/{id}/reopen", new JsonObject());
        });
        yield return new("ReopenChatThread", 400, app => app.SendAsync(Post, $"{Threads}/nope/reopen", new JsonObject()));
        yield return new("ReopenChatThread", 404, app => app.SendAsync(Post, $"{Threads}/{UnknownThread}/reopen", new JsonObject()));
        yield return new("ReopenChatThread", 409, async app => await app.SendAsync(Post, $"{Threads}/{await app.NewThreadAsync()}/reopen", new JsonObject()));
    }

    /// <summary>
    /// Closes one thread as the idle timer does (<c>thread_closed</c>). Not by running the timer on a later clock: the
    /// chat table is the run's, and that would close the threads other test classes are using.
    /// </summary>
    private static async Task CloseAsync(ContractApp app, string threadId)
    {
        var store = app.Services.GetRequiredService<ChatThreadStore>();
        var thread = await store.FindAsync(threadId, CancellationToken.None) ?? throw new InvalidOperationException($"No thread {threadId}.");
        await store.CommitAsync(thread, [new ChatEvent(ChatEventTypes.ThreadClosed, DateTimeOffset.UtcNow, ChatSession.SystemActor, "Idle, as the timer would find it.", null)], [], CancellationToken.None);
    }

    private static JsonObject Action(string actionId, JsonNode executionId, JsonObject parameters) => new()
    {
        ["actionId"] = actionId,
        ["workflowExecutionId"] = executionId.DeepClone(),
        ["params"] = parameters,
    };
}
