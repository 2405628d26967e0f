using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Bench;

/// <summary>
/// Customers and execution rows written as the routes write them (derived fields, a creation event), straight to
/// storage: the benches measure reads and sends, not how fast they can seed. The executions have no orchestration.
/// </summary>
internal sealed class BenchRecords(IServiceProvider services)
{
    private const string Seeded = "Seeded by the bench.";

    private readonly CustomerRecords _records = services.GetRequiredService<CustomerRecords>();
    private readonly CustomerRuleOptions _rules = services.GetRequiredService<CustomerRuleOptions>();

    public async Task<Customer> CustomerAsync(Customer customer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        CustomerRules.Derive(customer, DateOnly.FromDateTime(now.UtcDateTime), _rules);
        await _records.SaveAsync(null, customer, new RecordChange("customer_created", Seeded, "bench", now), cancellationToken);
        return customer;
    }

    public async Task<WorkflowExecution> ExecutionAsync(Customer customer, WorkflowDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var execution = ExecutionState.Start(RecordId.NewChild(RecordId.Execution, customer.Id, now), customer, definition, ExecutionState.ManualTrigger, now).ToRecord();
        await _records.SaveAsync(null, execution, new RecordChange("execution_started", Seeded, "bench", now), cancellationToken);
        return execution;
    }
}
