using Engage.Functions.Records;
using Engage.Functions.Tests.Workflows.Customers;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// The records tasks, artifacts and actions hang off: customers made through the customers route, and execution
/// read-model rows written straight to their records as the executions' orchestrations write them. Each customer
/// and user is new, since the tables are shared by every test of the run.
/// </summary>
public sealed class SeededRecords(AppOnAzuriteFactory app)
{
    public const string DoneStep = "review";
    public const string CurrentStep = "outreach";
    public const string NextStep = "confirm";

    private readonly CustomerRecords _records = app.Services.GetRequiredService<CustomerRecords>();

    /// <summary>A customer created by the development admin, owned by <paramref name="owner"/> (by no one when null).</summary>
    public Task<Customer> CustomerAsync(string? owner) => TestCustomers.CreateAsync(app, owner, daysUntilRenewal: 45, arr: 150_000);

    /// <summary>An execution of <paramref name="customer"/> whose first step is done, second active and third pending.</summary>
    public Task<WorkflowExecution> ExecutionAsync(Customer customer, string status = ExecutionStatus.Active, bool completesWithTask = false)
    {
        var now = DateTimeOffset.UtcNow;
        return TestExecutions.SaveAsync(_records, customer.Id, customer.Owner, status, steps:
        [
            new ExecutionStep(DoneStep, "review", "Review the account", StepStatus.Completed, false, null, now, EndedAt: now),
            new ExecutionStep(CurrentStep, "task", "Send the outreach", StepStatus.Active, completesWithTask, null, now),
            new ExecutionStep(NextStep, "action", "Confirm the terms", StepStatus.Pending, false, null),
        ]);
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
