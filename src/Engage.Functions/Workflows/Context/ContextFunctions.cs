using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Context;

/// <summary>
/// <c>GET /api/workflows/context?customerId=</c> or <c>?workflowExecutionId=</c>: the customer context
/// (docs/workflow-context.md). Visible to the customer's owner, the execution's owner, and admins; to anyone else the
/// customer is not found.
/// </summary>
public sealed class ContextFunctions(CustomerStore customers, CustomerRecords records, CustomerContextReader context, CallerIdentity identity)
{
    [Function("GetWorkflowContext")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/context")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        var customerId = QueryParameters.Text(request, "customerId");
        var executionId = QueryParameters.Text(request, "workflowExecutionId");
        if ((customerId is null) == (executionId is null))
        {
            return Problems.Validation("Give either customerId or workflowExecutionId (not both).");
        }

        WorkflowExecution? execution = null;
        if (executionId is not null)
        {
            if (!RecordId.TryGetCustomer(RecordId.Execution, executionId, out customerId))
            {
                return Problems.Validation("workflowExecutionId is not an execution id (ex_, the customer's 16 hex digits, _, 32 hex digits).");
            }

            execution = await records.FindAsync<WorkflowExecution>(customerId, WorkflowExecution.RowKeyFor(executionId), cancellationToken);
            if (execution is null)
            {
                return ExecutionNotFound(executionId);
            }
        }
        else if (!RecordId.IsCustomer(customerId))
        {
            return Problems.Validation("customerId is not a customer id (cu_ and 16 hex digits).");
        }

        var customer = await customers.FindAsync(customerId!, cancellationToken);
        if (customer is null || !(caller.MaySee(customer.Owner) || (execution is not null && caller.MaySee(execution.Owner))))
        {
            return execution is null ? CustomerAnswers.NotFound(customerId!) : ExecutionNotFound(executionId!);
        }

        return TypedResults.Json(await context.ReadAsync(customer, await EscalatedAsync(customer.Id, execution, cancellationToken), cancellationToken));
    }

    private static ProblemHttpResult ExecutionNotFound(string executionId) =>
        Problems.NotFound($"There is no workflow execution {executionId}, or it is not one of yours.");

    /// <summary>For an execution, whether it is escalated; for a customer, whether any of its open executions is.</summary>
    private async Task<bool> EscalatedAsync(string customerId, WorkflowExecution? execution, CancellationToken cancellationToken)
    {
        if (execution is not null)
        {
            return execution.EscalatedAt is not null;
        }

        await foreach (var open in customers.OpenExecutionsAsync(customerId, cancellationToken))
        {
            if (open.EscalatedAt is not null)
            {
                return true;
            }
        }

        return false;
    }
}
