using Azure.Data.Tables;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows;

/// <summary>
/// What every record list's query string shares: the ids it is narrowed by (each well formed, all of one customer,
/// whose partition the list then reads alone), <c>limit</c> and <c>continuation</c>.
/// </summary>
/// <param name="CustomerId">The customer the ids name, or null for a list across customers.</param>
/// <param name="Ids">The ids given, by parameter name.</param>
public sealed record RecordListRequest(string? CustomerId, IReadOnlyDictionary<string, string> Ids, int Limit, RecordListPosition? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <param name="idKind">The <see cref="RecordId"/> kind of the listed records' ids.</param>
    /// <param name="rowKind">The kind their row keys start with.</param>
    /// <param name="idRequired">Whether one of <paramref name="idParameters"/> must be given.</param>
    /// <param name="idParameters">The id parameters with their <see cref="RecordId"/> kinds, the customer's first.</param>
    public static bool TryRead(
        HttpRequest request,
        string idKind,
        string rowKind,
        bool idRequired,
        IReadOnlyList<(string Name, string Kind)> idParameters,
        out RecordListRequest list,
        out ProblemHttpResult? problem)
    {
        list = null!;
        problem = null;
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string? customerId = null;
        foreach (var (name, kind) in idParameters)
        {
            if (QueryParameters.Text(request, name) is not { } id)
            {
                continue;
            }

            var owner = kind == RecordId.Customer ? (RecordId.IsCustomer(id) ? id : null) : RecordId.TryGetCustomer(kind, id, out var found) ? found : null;
            if (owner is null)
            {
                problem = Problems.Validation($"{name} must be an id of the form {kind}_ and hex digits, as this API hands out.");
                return false;
            }

            if (customerId is not null && owner != customerId)
            {
                problem = Problems.Validation($"{name} belongs to another customer than {string.Join(" and ", ids.Keys)}.");
                return false;
            }

            customerId = owner;
            ids[name] = id;
        }

        if (idRequired && customerId is null)
        {
            problem = Problems.Validation($"Give one of {string.Join(", ", idParameters.Select(p => p.Name))}: the list is of one of them.");
            return false;
        }

        if (!QueryParameters.TryReadWholeNumber(request, "limit", DefaultLimit, 1, MaxLimit, out var limit, out problem))
        {
            return false;
        }

        RecordListPosition? after = null;
        if (QueryParameters.Text(request, "continuation") is { } token
            && !RecordListPosition.TryDecode(token, idKind, rowKind, customerId, out after, out var refused))
        {
            problem = Problems.Validation(refused);
            return false;
        }

        list = new RecordListRequest(customerId, ids, limit, after);
        return true;
    }

    /// <summary>The table filter of the customer's partition, or null across customers.</summary>
    public string? PartitionFilter => CustomerId is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {CustomerId}");

    public string? Id(string name) => Ids.GetValueOrDefault(name);
}
