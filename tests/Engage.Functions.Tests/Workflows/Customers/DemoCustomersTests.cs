using Engage.Functions.Workflows.Customers;
using Engage.Testing;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests.Workflows.Customers;

/// <summary>What <c>./run</c> shows: ten demo customers, seeded once. On an Azurite of its own, so the list holds only them.</summary>
public sealed class DemoCustomersTests
{
    [Fact]
    public async Task Local_development_seeds_ten_demo_customers_over_every_stage_and_plan_once()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using (var first = new WorkflowsAppFactory(azurite, (DemoCustomers.Setting, "true")))
        {
            await SeededAsync(first);
        }

        await using var second = new WorkflowsAppFactory(azurite, (DemoCustomers.Setting, "true"));
        var seeding = await SeededAsync(second);
        using var list = await new WorkflowsClient(second.CreateClient()).GetAsync("/api/customers?limit=50");

        var customers = list.Json["items"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var acme = customers.Single(c => c["domain"]!.GetValue<string>() == "acmecorp.com")["id"]!.GetValue<string>();
        using var acmeEvents = await new WorkflowsClient(second.CreateClient()).GetAsync($"/api/customers/{acme}/events");
        Assert.Contains("0 of 10 created", seeding, StringComparison.Ordinal);
        Assert.Equal(10, customers.Count);
        Assert.Subset(customers.Select(c => c["domain"]!.GetValue<string>()).ToHashSet(), new HashSet<string> { "acmecorp.com", "globex.io", "initech.com" });
        Assert.Equal(RenewalStages.All.Order(), customers.Select(c => c["renewalStage"]!.GetValue<string>()).Distinct().Order());
        Assert.Equal(AccountPlans.All.Order(), customers.Select(c => c["accountPlan"]!.GetValue<string>()).Distinct().Order());
        Assert.Equal(
            new[] { DemoCustomers.Maya, DemoCustomers.Sofia, DemoCustomers.Tom, null }.Order(),
            customers.Select(c => c["owner"]?.GetValue<string>()).Distinct().Order());
        Assert.True(customers.Select(c => c["arr"]!.GetValue<double>()).Distinct().Count() >= 9);
        Assert.True(customers.Select(c => c["healthScore"]!.GetValue<int>()).Distinct().Count() >= 9);
        Assert.All(customers, c => Assert.NotNull(c["usage"]!["activeUsers"]));
        Assert.Equal(
            [(CustomerStore.Created, 74), (CustomerStore.Updated, 82)],
            acmeEvents.Json["items"]!.AsArray().Select(e => (e!["type"]!.GetValue<string>(), e["after"]!["healthScore"]!.GetValue<int>())));
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "true", true)]
    [InlineData("development", "FALSE", false)]
    [InlineData("Production", "true", false)]
    [InlineData(null, null, false)]
    public void Demo_customers_are_for_local_development_only_and_can_be_switched_off(string? environment, string? setting, bool enabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = environment,
            [DemoCustomers.Setting] = setting,
        }).Build();

        Assert.Equal(enabled, DemoCustomers.Enabled(configuration));
    }

    [Fact]
    public void A_demo_setting_that_is_not_true_or_false_stops_the_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            [DemoCustomers.Setting] = "yes",
        }).Build();

        Assert.Contains(DemoCustomers.Setting, Assert.Throws<InvalidOperationException>(() => DemoCustomers.Enabled(configuration)).Message, StringComparison.Ordinal);
    }

    /// <summary>Starts the app and waits for the seeding's report in its log.</summary>
    private static async Task<string> SeededAsync(WorkflowsAppFactory app)
    {
        app.CreateClient().Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (app.Logs.Entries.FirstOrDefault(e => e.Message.StartsWith("Demo customers", StringComparison.Ordinal)) is { } report)
            {
                return report.Message;
            }

            Assert.True(DateTime.UtcNow < deadline, "the demo customers were not seeded within a minute");
            await Task.Delay(100);
        }
    }
}
