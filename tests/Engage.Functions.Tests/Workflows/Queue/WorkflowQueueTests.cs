using Azure.Data.Tables;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Queue;
using Engage.Testing;

namespace Engage.Functions.Tests.Workflows.Queue;

public sealed class WorkflowQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public async Task An_active_execution_is_in_its_owners_queue_and_everyones_once_each()
    {
        var (queue, owner) = Setup();
        var customer = NewCustomer(owner, renewalInDays: 20);
        var execution = NewExecution(customer);

        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);
        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);

        var mine = (await queue.PageAsync(owner, 50, null, CancellationToken.None)).Entries;
        var entry = Assert.Single(mine);
        Assert.Equal(execution.Id, entry.ExecutionId);
        Assert.Equal(PriorityScore.For(customer, Today, escalated: false), entry.PriorityScore);
        Assert.Single(await EveryoneAsync(queue, execution.Id));
    }

    [Fact]
    public async Task A_change_of_rank_or_owner_moves_the_entry_and_leaves_no_copy_behind()
    {
        var (queue, owner) = Setup();
        var customer = NewCustomer(owner, renewalInDays: 200);
        var execution = NewExecution(customer);
        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);
        var before = Assert.Single((await queue.PageAsync(owner, 50, null, CancellationToken.None)).Entries).PriorityScore;

        execution.EscalatedAt = DateTimeOffset.UtcNow;
        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);
        var escalated = Assert.Single((await queue.PageAsync(owner, 50, null, CancellationToken.None)).Entries);
        var newOwner = "other-" + owner;
        execution.Owner = newOwner;
        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);

        Assert.Equal(before + PriorityScore.EscalationBonus, escalated.PriorityScore);
        Assert.Empty((await queue.PageAsync(owner, 50, null, CancellationToken.None)).Entries);
        Assert.Single((await queue.PageAsync(newOwner, 50, null, CancellationToken.None)).Entries);
        Assert.Single(await EveryoneAsync(queue, execution.Id));
    }

    [Theory]
    [InlineData(ExecutionStatus.Snoozed)]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Cancelled)]
    public async Task An_execution_that_is_not_active_leaves_the_queue(string status)
    {
        var (queue, owner) = Setup();
        var customer = NewCustomer(owner, renewalInDays: 20);
        var execution = NewExecution(customer);
        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);

        execution.Status = status;
        await queue.SyncAsync(execution, customer, Today, CancellationToken.None);

        Assert.Empty((await queue.PageAsync(owner, 50, null, CancellationToken.None)).Entries);
        Assert.Empty(await EveryoneAsync(queue, execution.Id));
    }

    [Fact]
    public async Task The_queue_lists_the_highest_priority_first_and_pages_on()
    {
        var (queue, owner) = Setup();
        var far = NewCustomer(owner, renewalInDays: 300);
        var near = NewCustomer(owner, renewalInDays: 3);
        var middle = NewCustomer(owner, renewalInDays: 90);
        foreach (var customer in new[] { far, near, middle })
        {
            await queue.SyncAsync(NewExecution(customer), customer, Today, CancellationToken.None);
        }

        var first = await queue.PageAsync(owner, 2, null, CancellationToken.None);
        var second = await queue.PageAsync(owner, 2, first.Next, CancellationToken.None);

        Assert.Equal([near.Id, middle.Id], first.Entries.Select(e => e.CustomerId));
        Assert.Equal([far.Id], second.Entries.Select(e => e.CustomerId));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Concurrent_syncs_of_one_execution_leave_exactly_one_entry()
    {
        var (queue, owner) = Setup();
        var customer = NewCustomer(owner, renewalInDays: 45);
        var executions = Enumerable.Range(0, 8).Select(i =>
        {
            var execution = NewExecution(customer);
            execution.RowKey = WorkflowExecution.RowKeyFor("ex_" + customer.Id[3..] + "_" + new string('a', 32));
            execution.EscalatedAt = i % 2 == 0 ? DateTimeOffset.UtcNow : null;
            return execution;
        }).ToList();

        await Task.WhenAll(executions.Select(e => queue.SyncAsync(e, customer, Today, CancellationToken.None)));

        Assert.Single((await queue.PageAsync(owner, 50, null, CancellationToken.None)).Entries);
    }

    private (WorkflowQueue Queue, string Owner) Setup()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        return (new WorkflowQueue(tables, new CustomerRecords(tables)), $"csm-{Guid.NewGuid():N}@engage.test");
    }

    private static async Task<List<QueueEntry>> EveryoneAsync(WorkflowQueue queue, string executionId)
    {
        var found = new List<QueueEntry>();
        string? continuation = null;
        do
        {
            var page = await queue.PageAsync(null, 1000, continuation, CancellationToken.None);
            found.AddRange(page.Entries.Where(e => e.ExecutionId == executionId));
            continuation = page.Next;
        }
        while (continuation is not null);
        return found;
    }

    private static Customer NewCustomer(string owner, int renewalInDays)
    {
        var id = RecordId.NewCustomer();
        var customer = new Customer
        {
            PartitionKey = id,
            RowKey = Customer.RowKeyFor(id),
            Name = "Queue " + id,
            Domain = id + ".example",
            Owner = owner,
            Arr = 120_000,
            HealthScore = 60,
            RenewalDate = new DateTimeOffset(Today.AddDays(renewalInDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        CustomerRules.Derive(customer, Today, CustomerRuleOptions.Default);
        return customer;
    }

    private static WorkflowExecution NewExecution(Customer customer) => new()
    {
        PartitionKey = customer.Id,
        RowKey = WorkflowExecution.RowKeyFor(RecordId.NewChild(RecordId.Execution, customer.Id, DateTimeOffset.UtcNow)),
        WorkflowId = "renewal-preparation",
        WorkflowName = "Renewal preparation",
        Owner = customer.Owner,
        CurrentStepId = "review-account",
        StartedAt = DateTimeOffset.UtcNow,
    };
}
