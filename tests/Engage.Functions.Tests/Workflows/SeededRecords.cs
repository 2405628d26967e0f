using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// Customers and execution read-model rows written straight to their records, as their own routes and orchestrations
/// do, so that the tests of what hangs off them (tasks, artifacts, actions) depend on nothing else. Each customer and
/// user is new, since the tables are shared by every test of the run.
/// </summary>
public sealed class SeededRecords(IServiceProvider services)
{
    public const string DoneStep = "review";
    public const string CurrentStep = "outreach";
    public const string NextStep = "confirm";

    private readonly CustomerRecords _records = services.GetRequiredService<CustomerRecords>();

    /// <summary>A user id no other test uses.</summary>
    public static string NewUser() => $"csm-{Guid.NewGuid():N}@example.com";

    public async Task<Customer> CustomerAsync(string? owner)
    {
        var id = RecordId.NewCustomer();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            PartitionKey = id,
            RowKey = Customer.RowKeyFor(id),
            Name = $"Customer {id[3..9]}",
            Domain = $"{id[3..]}.example.com",
            Owner = owner,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _records.SaveAsync(null, customer, new RecordChange("customer_created", "made by a test", "test", now), CancellationToken.None);
        return customer;
    }

    /// <summary>An execution of <paramref name="customer"/> whose first step is done, second active and third pending.</summary>
    public async Task<WorkflowExecution> ExecutionAsync(Customer customer, string status = ExecutionStatus.Active, bool completesWithTask = false)
    {
        var now = DateTimeOffset.UtcNow;
        var id = RecordId.NewChild(RecordId.Execution, customer.Id, now);
        var execution = new WorkflowExecution
        {
            PartitionKey = customer.Id,
            RowKey = WorkflowExecution.RowKeyFor(id),
            WorkflowId = "test-workflow",
            WorkflowVersion = 1,
            WorkflowName = "Test workflow",
            Status = status,
            CurrentStepId = CurrentStep,
            Owner = customer.Owner,
            StartedAt = now,
            UpdatedAt = now,
        };
        execution.SetSteps(
        [
            new ExecutionStep(DoneStep, "review", "Review the account", StepStatus.Completed, false, null, now, EndedAt: now),
            new ExecutionStep(CurrentStep, "task", "Send the outreach", StepStatus.Active, completesWithTask, null, now),
            new ExecutionStep(NextStep, "action", "Confirm the terms", StepStatus.Pending, false, null),
        ]);
        await _records.SaveAsync(null, execution, new RecordChange("execution_started", "made by a test", "test", now), CancellationToken.None);
        return execution;
    }

    /// <summary>The events of <paramref name="recordId"/> (of every record of the customer when null) in time order.</summary>
    public async Task<IReadOnlyList<RecordEvent>> EventsAsync(string customerId, string? recordId)
    {
        var events = new List<RecordEvent>();
        await foreach (var recorded in _records.EventsAsync(customerId, recordId, CancellationToken.None))
        {
            events.Add(recorded);
        }

        return events;
    }

    public Task<T?> FindAsync<T>(string customerId, string rowKey)
        where T : CustomerRecord, new() => _records.FindAsync<T>(customerId, rowKey, CancellationToken.None);
}
