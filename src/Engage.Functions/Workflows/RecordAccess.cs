using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Workflows;

/// <summary>
/// One request's view of who may see what: an admin sees everything, anyone else the records of the customers they
/// own (and, per kind, the records tied to them: tasks assigned to them, artifacts they made). Customers are read once
/// per request, so a list that checks many records of few customers reads each customer once.
/// </summary>
public sealed class RecordAccess(CustomerRecords records, Caller caller)
{
    private readonly Dictionary<string, Customer?> _customers = new(StringComparer.Ordinal);

    public Caller Caller => caller;

    public async ValueTask<Customer?> CustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        if (!_customers.TryGetValue(customerId, out var customer))
        {
            customer = await records.FindAsync<Customer>(customerId, Customer.RowKeyFor(customerId), cancellationToken);
            _customers[customerId] = customer;
        }

        return customer;
    }

    /// <summary>The customer if it exists and the caller may see all of its records; null otherwise, which callers answer with 404.</summary>
    public async ValueTask<Customer?> OwnedCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        await CustomerAsync(customerId, cancellationToken) is { } customer && caller.MaySee(customer.Owner) ? customer : null;

    public async ValueTask<bool> OwnsCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        caller.IsAdmin || await OwnedCustomerAsync(customerId, cancellationToken) is not null;
}
