using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Executions;

/// <summary>Start an execution, read one with its steps, list a customer's, and read one's events.</summary>
public sealed class WorkflowExecutionFunctions(
    CallerIdentity identity,
    IdempotentCommands commands,
    CustomerRecords records,
    WorkflowDefinitions definitions,
    ExecutionStarter starter,
    ExecutionAccess access,
    TimeProvider timeProvider)
{
    private const int MaxStartBytes = 4 * 1024;

    private const string StartExample = """{"customerId": "cu_...", "workflowId": "renewal-preparation"}""";

    [Function("StartWorkflowExecution")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/executions")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unauthorized))
        {
            return unauthorized!;
        }

        var (bytes, body, problem) = await JsonFields.ReadAsync(request, MaxStartBytes, StartExample, emptyIsObject: false, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        body.OnlyKnown("customerId", "workflowId", "version");
        var customerId = body.Text("customerId", 64, required: true);
        if (customerId is not null && !RecordId.IsCustomer(customerId))
        {
            body.Refuse("customerId", "must be a customer id: cu_ followed by 16 hex digits.");
        }

        var workflowId = body.Text("workflowId", DefinitionDraft.MaxIdLength, required: true);
        if (workflowId is not null && !DefinitionDraft.IsSlug(workflowId))
        {
            body.Refuse("workflowId", "must be a workflow id such as renewal-preparation (GET /api/workflows/definitions lists them).");
        }

        var version = body.WholeNumber("version", 1, 999_999);
        if (!body.IsValid)
        {
            return body.Problem($"The start request is not valid; send {StartExample}.");
        }

        var now = timeProvider.GetUtcNow();
        return await commands.RunAsync(request, $"workflow-executions:{caller.UserId}", bytes, RecordId.NewChild(RecordId.Execution, customerId!, now), async (attempt, token) =>
        {
            var customer = await records.FindAsync<Customer>(customerId!, Customer.RowKeyFor(customerId!), token);
            if (customer is null || !caller.MaySee(customer.Owner))
            {
                return Problems.NotFound($"No customer {customerId} exists that you may see.");
            }

            if (await definitions.FindAsync(workflowId!, version, token) is not { } definition)
            {
                return TypedResults.Problem(
                    detail: version is null ? $"No workflow '{workflowId}' exists; GET /api/workflows/definitions lists them." : $"Workflow '{workflowId}' has no version {version}.",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Unknown workflow.");
            }

            try
            {
                var execution = await starter.StartAsync(durable, customer, definition, attempt.ResultId, ExecutionState.ManualTrigger, caller.UserId, attempt.MayHaveRun, token);
                return CommandAnswer.Created(ExecutionJson.ToJson(execution, customer, Today()), $"/api/workflows/executions/{execution.Id}", RecordVersions.ETag(execution.Version));
            }
            catch (ExecutionNotScheduledException e)
            {
                request.HttpContext.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(detail: e.Message + " Nothing was started; try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The execution could not be started.");
            }
        }, cancellationToken);
    }

    [Function("GetWorkflowExecution")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/executions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (execution, customer, refusal) = await FindAsync(request, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        RecordVersions.SetETag(request.HttpContext.Response, execution);
        return TypedResults.Json(ExecutionJson.ToJson(execution, customer, Today()));
    }

    /// <summary>A customer's executions the caller may see, oldest first, optionally of one status.</summary>
    [Function("ListWorkflowExecutions")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/executions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unauthorized))
        {
            return unauthorized!;
        }

        var customerId = QueryParameters.Text(request, "customerId");
        if (!RecordId.IsCustomer(customerId))
        {
            return Problems.Validation("customerId is required and must be a customer id (cu_ followed by 16 hex digits); the queue lists executions across customers.");
        }

        var status = QueryParameters.Text(request, "status");
        string[] statuses = [ExecutionStatus.Active, ExecutionStatus.Snoozed, ExecutionStatus.Completed, ExecutionStatus.Cancelled];
        if (status is not null && !statuses.Contains(status, StringComparer.Ordinal))
        {
            return Problems.Validation($"status must be one of {string.Join(", ", statuses)}.");
        }

        var customer = await records.FindAsync<Customer>(customerId!, Customer.RowKeyFor(customerId!), cancellationToken);
        var items = new JsonArray();
        var today = Today();
        var filter = status is null ? null : TableClient.CreateQueryFilter($"Status eq {status}");
        if (customer is not null)
        {
            await foreach (var execution in records.ListAsync<WorkflowExecution>(customer.Id, WorkflowExecution.Kind, filter, cancellationToken))
            {
                if (ExecutionAccess.MaySee(caller, execution, customer))
                {
                    items.Add(ExecutionJson.ToJson(execution, customer, today));
                }
            }
        }

        if (customer is null || (items.Count == 0 && !caller.MaySee(customer.Owner)))
        {
            return Problems.NotFound($"No customer {customerId} exists that you may see.");
        }

        return TypedResults.Json(new JsonObject { ["items"] = items, ["continuation"] = null });
    }

    /// <summary>Every change of the execution, in version order, each with the execution before and after it.</summary>
    [Function("ListWorkflowExecutionEvents")]
    public async Task<IResult> EventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/executions/{id}/events")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (execution, _, refusal) = await FindAsync(request, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var events = new List<RecordEvent>();
        await foreach (var recorded in records.EventsAsync(execution.PartitionKey, execution.Id, cancellationToken))
        {
            events.Add(recorded);
        }

        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. events.OrderBy(e => e.Version).Select(e => e.ToJson())]),
            ["continuation"] = null,
        });
    }

    /// <summary>The execution <paramref name="id"/> as the caller may see it, or the problem to answer (401, 400, 404).</summary>
    private async Task<(WorkflowExecution Execution, Customer? Customer, IResult? Refusal)> FindAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unauthorized))
        {
            return (null!, null, unauthorized);
        }

        return await access.FindAsync(caller, id, cancellationToken);
    }

    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
}
