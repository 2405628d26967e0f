using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// Finds an execution for a caller. A non-admin sees an execution whose work falls to them (its owner) or whose
/// customer they own; any other answers 404, as one that does not exist, so ids do not leak.
/// </summary>
public sealed class ExecutionAccess(CustomerRecords records)
{
    /// <summary>The execution and its customer, or the problem to answer: 400 for what is no execution id, 404.</summary>
    public Task<(WorkflowExecution Execution, Customer? Customer, ProblemHttpResult? Problem)> FindAsync(Caller caller, string executionId, CancellationToken cancellationToken) =>
        FindAsync(new RecordAccess(records, caller), executionId, cancellationToken);

    /// <summary>As the caller's overload, the customer read through the request's view, which later reads of it in the request reuse.</summary>
    public async Task<(WorkflowExecution Execution, Customer? Customer, ProblemHttpResult? Problem)> FindAsync(RecordAccess access, string executionId, CancellationToken cancellationToken)
    {
        if (!RecordId.TryGetCustomer(RecordId.Execution, executionId, out var customerId))
        {
            return (null!, null, Problems.Validation($"'{executionId}' is not an execution id; those are ex_ followed by 16 and 32 hex digits, as the start answered."));
        }

        var execution = await records.FindAsync<WorkflowExecution>(customerId, WorkflowExecution.RowKeyFor(executionId), cancellationToken);
        var customer = execution is null ? null : await access.CustomerAsync(customerId, cancellationToken);
        return execution is not null && MaySee(access.Caller, execution, customer)
            ? (execution, customer, null)
            : (null!, null, Problems.NotFound($"No execution {executionId} exists that you may see."));
    }

    public static bool MaySee(Caller caller, WorkflowExecution execution, Customer? customer) =>
        caller.MaySee(execution.Owner) || (customer is not null && caller.MaySee(customer.Owner));
}
