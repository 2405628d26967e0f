using System.Net;
using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Workflows;

/// <summary>Workflow definitions made by a test through the admin route, with SLAs of seconds.</summary>
public static class TestWorkflows
{
    /// <summary>Stores a new manual workflow of task steps with these ids and SLAs; answers its id.</summary>
    public static async Task<string> CreateAsync(WorkflowsClient admin, params (string Id, string? Sla)[] steps)
    {
        var id = $"test-{Guid.NewGuid():N}"[..20];
        using var created = await admin.PostAsync("/api/workflows/definitions", Definition(id, steps));
        Assert.True(created.Status == HttpStatusCode.Created, $"{(int)created.Status}: {created.Body?.ToJsonString()}");
        return id;
    }

    public static JsonObject Definition(string id, params (string Id, string? Sla)[] steps) => new()
    {
        ["id"] = id,
        ["name"] = $"Test workflow {id}",
        ["trigger"] = new JsonObject { ["type"] = "manual" },
        ["steps"] = new JsonArray([.. steps.Select(s => new JsonObject { ["id"] = s.Id, ["type"] = "task", ["name"] = $"Step {s.Id}", ["sla"] = s.Sla })]),
    };
}
