using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Customers;

/// <summary>The customer list's query: <c>owner</c>, <c>accountPlan</c>, <c>renewalStage</c>, <c>limit</c>, <c>continuation</c>.</summary>
public static class CustomerQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <param name="filter">Null when the caller may see none of what they ask for (another user's customers): the list is empty.</param>
    /// <param name="after">The customer id the previous page ended with.</param>
    public static bool TryRead(HttpRequest request, Caller caller, out CustomerFilter? filter, out int limit, out string? after, out ProblemHttpResult? problem)
    {
        filter = null;
        after = null;
        if (!QueryParameters.TryReadWholeNumber(request, "limit", DefaultLimit, 1, MaxLimit, out limit, out problem)
            || !TryReadOneOf(request, "accountPlan", AccountPlans.All, out var plan, out problem)
            || !TryReadOneOf(request, "renewalStage", RenewalStages.All, out var stage, out problem))
        {
            return false;
        }

        after = QueryParameters.Text(request, "continuation");
        if (after is not null && !RecordId.IsCustomer(after))
        {
            problem = Problems.Validation("continuation is not a token this list handed out; start again without it.");
            return false;
        }

        var owner = QueryParameters.Text(request, "owner");
        if (owner is not null && (owner.Trim().Length > CustomerFields.UserIdLength || owner.Any(char.IsControl)))
        {
            problem = Problems.Validation($"owner is a user id of at most {CustomerFields.UserIdLength} characters, without control characters.");
            return false;
        }

        owner = owner?.Trim().ToLowerInvariant();

        // Someone who is not an admin lists their own customers; naming another owner lists nothing.
        var self = CustomerFields.OwnerId(caller);
        if (!caller.IsAdmin && owner is not null && owner != self)
        {
            return true;
        }

        filter = new CustomerFilter(caller.IsAdmin ? owner : self, plan, stage);
        return true;
    }

    /// <summary>One of <paramref name="allowed"/> in any case, given as the list spells it; absent is null.</summary>
    private static bool TryReadOneOf(HttpRequest request, string name, IReadOnlyList<string> allowed, out string? value, out ProblemHttpResult? problem)
    {
        problem = null;
        value = null;
        if (QueryParameters.Text(request, name) is not { } text)
        {
            return true;
        }

        value = allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (value is null)
        {
            problem = Problems.Validation($"{name} must be one of {string.Join(", ", allowed)}.");
            return false;
        }

        return true;
    }
}
