using System.Net;
using Azure.Data.Tables;
using Engage.Functions.Workflows.Actions;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows.Actions;

/// <summary>The catalogue of saved actions: seeded once, listed with the params each takes.</summary>
public sealed class SavedActionTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task The_six_saved_actions_are_listed_with_their_params()
    {
        using var listed = await app.As(TestCustomers.NewUser()).GetAsync("/api/workflows/actions");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var items = listed.Json["items"]!.AsArray();
        Assert.Equal(["snooze", "skip", "escalate", "schedule", "send_email", "create_task"], items.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Null(listed.Json["continuation"]);
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i!["name"]!.GetValue<string>())));
        var snoozeParams = items[0]!["params"]!.AsArray();
        Assert.Equal(("until", true), (snoozeParams.Single()!["name"]!.GetValue<string>(), snoozeParams.Single()!["required"]!.GetValue<bool>()));
        Assert.Contains(items[5]!["params"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "title" && p["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Seeding_again_from_another_instance_keeps_one_row_per_action()
    {
        await using var second = new WorkflowsAppFactory(await AzuriteServer.SharedAsync());
        using var first = await app.Admin.GetAsync("/api/workflows/actions");
        using var again = await new WorkflowsClient(second.CreateClient()).GetAsync("/api/workflows/actions");

        Assert.Equal(first.Json["items"]!.ToJsonString(), again.Json["items"]!.ToJsonString());
        var table = app.App.Services.GetRequiredService<TableServiceClient>().GetTableClient(SavedActionCatalog.TableName);
        Assert.Equal(6, await table.QueryAsync<TableEntity>().CountAsync());
    }
}
