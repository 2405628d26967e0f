using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;
using Engage.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engage.Functions.Tests.Workflows.Customers;

/// <summary>On an Azurite of its own: the timer recomputes every customer in the table, and a day later than other tests expect.</summary>
public sealed class CustomerRulesTimerTests
{
    [Fact]
    public async Task The_daily_timer_moves_a_customer_whose_renewal_came_a_day_nearer_into_the_next_stage_and_reranks_its_work()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = new WorkflowsAppFactory(azurite);
        var client = new WorkflowsClient(app.CreateClient());
        var owner = TestCustomers.NewUser();
        var nearing = (await CustomersApp.CreateAsync(client, CustomersApp.Fields(CustomersApp.NewDomain(), owner, renewal: CustomersApp.InDays(31))))["id"]!.GetValue<string>();
        var farOff = (await CustomersApp.CreateAsync(client, CustomersApp.Fields(CustomersApp.NewDomain(), owner, renewal: CustomersApp.InDays(300))))["id"]!.GetValue<string>();
        var records = app.Services.GetRequiredService<CustomerRecords>();
        var queue = app.Services.GetRequiredService<WorkflowQueue>();
        var store = app.Services.GetRequiredService<CustomerStore>();
        var execution = await TestExecutions.SaveAsync(records, nearing, owner);
        await queue.SyncAsync(execution, (await store.FindAsync(nearing, CancellationToken.None))!, store.Today, CancellationToken.None);
        var before = Assert.Single((await queue.PageAsync(owner, 10, null, CancellationToken.None)).Entries);

        var tomorrow = Timer(app, new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(1)));
        await tomorrow.RunAsync(new TimerInfo(), CancellationToken.None);
        await tomorrow.RunAsync(new TimerInfo(), CancellationToken.None);

        using var moved = await client.GetAsync($"/api/customers/{nearing}");
        using var movedEvents = await client.GetAsync($"/api/customers/{nearing}/events");
        using var kept = await client.GetAsync($"/api/customers/{farOff}/events");
        var after = Assert.Single((await queue.PageAsync(owner, 10, null, CancellationToken.None)).Entries);

        Assert.Equal(RenewalStages.Finalize, before.RenewalStage);
        Assert.Equal(RenewalStages.Signature, moved.Json["renewalStage"]!.GetValue<string>());
        Assert.Equal("\"2\"", moved.ETag);
        var recomputed = movedEvents.Json["items"]!.AsArray()[^1]!;
        Assert.Equal(CustomerStore.RulesRecomputed, recomputed["type"]!.GetValue<string>());
        Assert.Equal(CustomerRulesTimer.FunctionName, recomputed["actor"]!.GetValue<string>());
        Assert.Contains("Finalize → Signature", recomputed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            [CustomerStore.Created, "execution_started", CustomerStore.RulesRecomputed],
            movedEvents.Json["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Single(kept.Json["items"]!.AsArray());
        Assert.Equal((30, RenewalStages.Signature), (after.DaysUntilRenewal, after.RenewalStage));
        Assert.True(after.PriorityScore > before.PriorityScore, $"{after.PriorityScore} is not above {before.PriorityScore}");
    }

    private static CustomerRulesTimer Timer(WorkflowsAppFactory app, TimeProvider clock) => new(
        new CustomerStore(
            app.Services.GetRequiredService<CustomerRecords>(),
            app.Services.GetRequiredService<CustomerDomains>(),
            app.Services.GetRequiredService<WorkflowQueue>(),
            app.Services.GetRequiredService<CustomerRuleOptions>(),
            clock),
        NullLogger<CustomerRulesTimer>.Instance);
}
