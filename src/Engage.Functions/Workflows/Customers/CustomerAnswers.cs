using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Customers;

/// <summary>The customer routes' answers that more than one route gives.</summary>
public static class CustomerAnswers
{
    /// <summary>A customer the caller may not see is not found either, so ids do not tell what exists.</summary>
    public static ProblemHttpResult NotFound(string customerId) =>
        Problems.NotFound($"There is no customer {customerId}, or it is not one of yours.");

    public static ProblemHttpResult OwnerNotYours() =>
        TypedResults.Problem(
            detail: "Only an admin assigns a customer to someone else or leaves it unowned; leave owner out (you become the owner) or name yourself.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed.");

    /// <summary>400 for fields that are unknown or wrong; 422 when the only fault is sending fields Engage keeps itself.</summary>
    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        CustomerPatch.OnlyReadOnly(errors)
            ? TypedResults.Problem(
                detail: CustomerPatch.Describe(errors),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Read-only fields cannot be written.",
                extensions: new Dictionary<string, object?> { ["errors"] = errors })
            : Problems.Validation(CustomerPatch.Describe(errors), errors.ToDictionary());

    /// <summary>409 when the domain is another customer's (whose id only an admin is told) or being claimed right now.</summary>
    public static ProblemHttpResult DomainRefused(CustomerWrite write, string domain, Caller caller) => write.Domain == DomainClaim.Taken
        ? TypedResults.Problem(
            detail: $"{domain} already has a customer{(caller.IsAdmin ? $" ({write.DomainHolderId})" : string.Empty)}; a domain belongs to one customer. Patch that customer, or import with upsert by domain.",
            statusCode: StatusCodes.Status409Conflict,
            title: "The domain already has a customer.")
        : TypedResults.Problem(
            detail: $"Another request is saving a customer with {domain} right now; retry in a few seconds.",
            statusCode: StatusCodes.Status409Conflict,
            title: "The domain is being claimed.");

    /// <summary>The customer's JSON with its ETag, as a read or a command answers it.</summary>
    public static IResult Read(HttpResponse response, Customer customer)
    {
        RecordVersions.SetETag(response, customer);
        return TypedResults.Json(customer.ToJson());
    }
}
