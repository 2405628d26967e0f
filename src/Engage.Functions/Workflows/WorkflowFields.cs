using Engage.Functions.Http;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows;

/// <summary>Reads of the fields the workflow records share: record ids and user ids.</summary>
public static class WorkflowFields
{
    public const int MaxUserIdLength = 256;
    private const int MaxIdLength = 100;

    /// <summary>A user id as the workflow records store it: lower case, since user ids compare without case.</summary>
    public static string? UserId(JsonFields fields, string name) => fields.Text(name, MaxUserIdLength)?.ToLowerInvariant();

    /// <summary>A customer id, or null (refused when malformed).</summary>
    public static string? CustomerId(JsonFields fields, string name)
    {
        var id = fields.Text(name, MaxIdLength);
        if (id is not null && !RecordId.IsCustomer(id))
        {
            fields.Refuse(name, "must be a customer id (cu_ and 16 hex digits).");
            return null;
        }

        return id;
    }

    /// <summary>An id of a customer's record of <paramref name="kind"/> (<see cref="RecordId"/>), or null (refused when malformed).</summary>
    public static string? ChildId(JsonFields fields, string name, string kind, bool required = false)
    {
        var id = fields.Text(name, MaxIdLength, required);
        if (id is not null && !RecordId.TryGetCustomer(kind, id, out _))
        {
            fields.Refuse(name, $"must be an id of the form {kind}_ and hex digits, as this API hands out.");
            return null;
        }

        return id;
    }

    /// <summary>
    /// The customer that the given ids name, all of which must agree; refused when they disagree, or when none is given
    /// and <paramref name="required"/>.
    /// </summary>
    public static string? SameCustomer(JsonFields fields, bool required, params (string Field, string Kind, string? Id)[] ids)
    {
        string? customerId = null;
        string? namedBy = null;
        foreach (var (field, kind, id) in ids)
        {
            var customer = kind == RecordId.Customer ? id : RecordId.TryGetCustomer(kind, id, out var owner) ? owner : null;
            if (customer is null)
            {
                continue;
            }

            if (customerId is not null && customer != customerId)
            {
                fields.Refuse(field, $"belongs to another customer than {namedBy}.");
                return null;
            }

            customerId = customer;
            namedBy ??= field;
        }

        if (customerId is null && required && fields.IsValid)
        {
            fields.Refuse(ids[0].Field, $"is required, unless one of {string.Join(", ", ids.Skip(1).Select(i => i.Field))} is given.");
        }

        return customerId;
    }
}
