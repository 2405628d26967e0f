using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Definitions;
using Engage.Testing;

namespace Engage.Functions.Tests.Workflows;

/// <summary>The app for a workflows test class, with the calls those tests share.</summary>
public sealed class WorkflowsAppFixture : WorkflowsApp
{
    /// <summary>Starts <paramref name="workflowId"/> for <paramref name="customerId"/> as <paramref name="client"/>, failing the test unless it is created.</summary>
    public static async Task<JsonObject> StartAsync(WorkflowsClient client, string customerId, string workflowId = SeedWorkflows.RenewalPreparation)
    {
        using var started = await client.PostAsync("/api/workflows/executions", new JsonObject { ["customerId"] = customerId, ["workflowId"] = workflowId });
        Assert.True(started.Status == HttpStatusCode.Created, $"{(int)started.Status}: {started.Body?.ToJsonString()}");
        return started.Json;
    }

    public static async Task<JsonObject> GetAsync(WorkflowsClient client, string executionId)
    {
        using var response = await client.GetAsync($"/api/workflows/executions/{executionId}");
        Assert.True(response.Status == HttpStatusCode.OK, $"{(int)response.Status}: {response.Body?.ToJsonString()}");
        return response.Json;
    }

    /// <summary>The execution as <paramref name="client"/> reads it, once <paramref name="done"/> holds.</summary>
    public static Task<JsonObject> WaitForAsync(WorkflowsClient client, string executionId, Func<JsonObject, bool> done, string what) =>
        Eventually.GetAsync(() => GetAsync(client, executionId), done, what: what);

    /// <summary>The items of <paramref name="client"/>'s queue (its own, or <paramref name="owner"/>'s).</summary>
    public static async Task<IReadOnlyList<JsonObject>> QueueAsync(WorkflowsClient client, string? owner = null)
    {
        using var response = await client.GetAsync(owner is null ? "/api/workflows/queue?limit=100" : $"/api/workflows/queue?limit=100&owner={Uri.EscapeDataString(owner)}");
        Assert.True(response.Status == HttpStatusCode.OK, $"{(int)response.Status}: {response.Body?.ToJsonString()}");
        return [.. response.Json["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    public static string? Text(JsonNode? json, string name) => json?[name]?.GetValue<string>();

    /// <summary>The status of step <paramref name="stepId"/> in an execution's JSON.</summary>
    public static string? StepStatus(JsonObject execution, string stepId) =>
        Text(execution["steps"]!.AsArray().Single(s => Text(s, "id") == stepId), "status");
}
