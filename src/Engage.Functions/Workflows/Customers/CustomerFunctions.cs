using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// <c>/api/customers</c>: list, get, create, patch (JSON merge patch), delete, and a customer's events
/// (docs/workflow-customers.md). A caller who is not an admin sees and changes only the customers they own.
/// </summary>
public sealed class CustomerFunctions(CustomerStore customers, IdempotentCommands commands, CallerIdentity identity)
{
    /// <summary>A customer is well under 2 KiB of JSON.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    [Function("ListCustomers")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        if (!CustomerQuery.TryRead(request, caller, out var filter, out var limit, out var after, out var problem))
        {
            return problem!;
        }

        if (filter is null)
        {
            return TypedResults.Json(new JsonObject { ["items"] = new JsonArray(), ["continuation"] = null });
        }

        var (items, next) = await customers.ListAsync(filter, limit, after, cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. items.Select(c => c.ToJson())]),
            ["continuation"] = next,
        });
    }

    [Function("GetCustomer")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        return await VisibleAsync(id, caller, cancellationToken) is { } customer
            ? CustomerAnswers.Read(request.HttpContext.Response, customer)
            : CustomerAnswers.NotFound(id);
    }

    [Function("CreateCustomer")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "customers")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        var (body, patch, problem) = await ReadPatchAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var missing = new[] { "name", "domain" }.Where(field => !patch!.Sets(field)).ToDictionary(field => field, field => new[] { $"{field} is required." });
        if (missing.Count > 0)
        {
            return CustomerAnswers.Invalid(missing);
        }

        var self = CustomerFields.OwnerId(caller);
        if (patch!.AssignsOwnerWithoutRight(caller, self))
        {
            return CustomerAnswers.OwnerNotYours();
        }

        var by = new ChangedBy(caller.UserId, "created through the API", Problems.TraceId(request.HttpContext));
        return await commands.RunAsync(request, Scope(caller), body, RecordId.NewCustomer(), async (attempt, token) =>
        {
            var write = await customers.CreateAsync(attempt.ResultId, patch, CustomerFields.DefaultOwner(caller), by, attempt.MayHaveRun, token);
            return write.Customer is { } created
                ? CommandAnswer.Created(created.ToJson(), $"/api/customers/{created.Id}", RecordVersions.ETag(created.Version))
                : CustomerAnswers.DomainRefused(write, patch.Draft().Domain, caller);
        }, cancellationToken);
    }

    [Function("PatchCustomer")]
    public async Task<IResult> PatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "customers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        var (body, patch, problem) = await ReadPatchAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var by = new ChangedBy(caller.UserId, "patched through the API", Problems.TraceId(request.HttpContext));

        // The record's state is checked inside the command, so a retry of a patch that was applied gets its answer replayed.
        return await commands.RunAsync(request, Scope(caller), body, id, async (_, token) =>
        {
            if (await VisibleAsync(id, caller, token) is not { } customer)
            {
                return CustomerAnswers.NotFound(id);
            }

            if (RecordVersions.CheckIfMatch(request, customer) is { } stale)
            {
                return stale;
            }

            if (patch!.AssignsOwnerWithoutRight(caller, customer.Owner))
            {
                return CustomerAnswers.OwnerNotYours();
            }

            var write = await customers.UpdateAsync(customer, patch!, by, token);
            return write.Customer is { } updated
                ? CommandAnswer.Ok(updated.ToJson(), RecordVersions.ETag(updated.Version))
                : CustomerAnswers.DomainRefused(write, patch!.Draft().Domain, caller);
        }, cancellationToken);
    }

    [Function("DeleteCustomer")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "customers/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        var by = new ChangedBy(caller.UserId, "deleted through the API", Problems.TraceId(request.HttpContext));
        return await commands.RunAsync(request, Scope(caller), ReadOnlyMemory<byte>.Empty, id, async (attempt, token) =>
        {
            if (await VisibleAsync(id, caller, token) is not { } customer)
            {
                if (attempt.MayHaveRun && RecordId.IsCustomer(id))
                {
                    // The first attempt deleted the customer and died before the rest of its partition.
                    await customers.DeleteRemainsAsync(id, token);
                    return CommandAnswer.NoContent();
                }

                return CustomerAnswers.NotFound(id);
            }

            if (RecordVersions.CheckIfMatch(request, customer) is { } stale)
            {
                return stale;
            }

            if (await customers.HasOpenExecutionsAsync(customer.Id, token))
            {
                return TypedResults.Problem(
                    detail: $"{customer.Id} has active or snoozed workflow executions; complete or cancel them first.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The customer has open executions.");
            }

            await customers.DeleteAsync(customer, by, token);
            return CommandAnswer.NoContent();
        }, cancellationToken);
    }

    [Function("ListCustomerEvents")]
    public async Task<IResult> ListEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{id}/events")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        if (!QueryParameters.TryReadWholeNumber(request, "limit", 100, 1, 1000, out var limit, out var problem))
        {
            return problem!;
        }

        var after = QueryParameters.Text(request, "continuation");
        if (after is not null && !EventPosition.IsValid(after))
        {
            return Problems.Validation("continuation is not a token this list handed out; start again without it.");
        }

        if (await VisibleAsync(id, caller, cancellationToken) is null)
        {
            return CustomerAnswers.NotFound(id);
        }

        var (items, next) = await customers.EventsAsync(id, limit, after, cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. items.Select(e => e.ToJson())]),
            ["continuation"] = next,
        });
    }

    /// <summary>Idempotency keys are per area and user.</summary>
    public static string Scope(Caller caller) => $"customers:{caller.UserId}";

    private async Task<Customer?> VisibleAsync(string id, Caller caller, CancellationToken cancellationToken) =>
        RecordId.IsCustomer(id) && await customers.FindAsync(id, cancellationToken) is { } customer && caller.MaySee(customer.Owner) ? customer : null;

    private static async Task<(byte[] Body, CustomerPatch? Patch, IResult? Problem)> ReadPatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, fields, problem) = await JsonBody.ReadObjectAsync(
            request, MaxBodyBytes, """{"name": "Acme Corp", "domain": "acmecorp.com"}""", emptyIsObject: false, cancellationToken);
        if (fields is null)
        {
            return (body, null, problem);
        }

        return CustomerPatch.TryRead(fields, out var patch, out var errors)
            ? (body, patch, null)
            : (body, null, CustomerAnswers.Invalid(errors));
    }
}
