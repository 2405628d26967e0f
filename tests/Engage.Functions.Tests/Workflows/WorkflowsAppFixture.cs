using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Definitions;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// One app for a test class, on the run's Azurite: starting the local host and its task hub takes seconds, and the
/// tests of a class keep apart by making their own customers and users. With the calls those tests share.
/// </summary>
public sealed class WorkflowsAppFixture : IAsyncLifetime
{
    private WorkflowsAppFactory? _app;

    public WorkflowsAppFactory App => _app ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IServiceProvider Services => App.Services;

    public DurableTaskClient Durable => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Customers and execution rows for the routes that hang off them, and their events.</summary>
    public SeededRecords Records => new(App);

    /// <summary>The development admin (no user header).</summary>
    public WorkflowsClient Admin => new(App.CreateClient());

    public WorkflowsClient As(string user, params string[] roles) => new(App.CreateClient(), user, roles);

    public async Task InitializeAsync()
    {
        _app = new WorkflowsAppFactory(await AzuriteServer.SharedAsync());
        App.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

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
