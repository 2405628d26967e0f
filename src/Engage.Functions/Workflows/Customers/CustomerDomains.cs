using Azure;
using Azure.Data.Tables;
using Engage.Functions.Records;
using Engage.Functions.Storage;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// Table <c>CustomerDomains</c>, which keeps a domain to one customer under concurrent writes: a create or a domain
/// change first inserts the domain's row (an insert of an existing row fails, so of two concurrent claims one wins),
/// then saves the customer, and a delete or domain change releases it after. A crash between the two leaves a claim
/// whose customer does not hold the domain; after <see cref="Grace"/> the next claim takes it over
/// (docs/workflow-storage.md).
/// </summary>
public sealed class CustomerDomains(TableServiceClient tables, CustomerRecords records, TimeProvider timeProvider)
{
    public const string TableName = "CustomerDomains";

    /// <summary>Far longer than a save after its claim takes, so a claim in flight is never taken over.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly LazyTable _table = new(tables, TableName);

    /// <summary>Claims <paramref name="domain"/> for <paramref name="customerId"/>; the taken-by id when another customer has it.</summary>
    public async Task<(DomainClaim Outcome, string? HolderId)> ClaimAsync(string domain, string customerId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = timeProvider.GetUtcNow();
            try
            {
                await table.AddEntityAsync(new CustomerDomainClaim { PartitionKey = domain, CustomerId = customerId, ClaimedAt = now }, cancellationToken);
                return (DomainClaim.Claimed, null);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Claimed before: by this customer, by another that holds it, or by a write that never finished.
            }

            var claim = await FindClaimAsync(table, domain, cancellationToken);
            if (claim is null)
            {
                continue;
            }

            if (claim.CustomerId == customerId)
            {
                return (DomainClaim.Claimed, null);
            }

            if (await HolderAsync(claim, cancellationToken) is not null)
            {
                return (DomainClaim.Taken, claim.CustomerId);
            }

            if (now - claim.ClaimedAt < Grace)
            {
                return (DomainClaim.InProgress, null);
            }

            try
            {
                claim.CustomerId = customerId;
                claim.ClaimedAt = now;
                await table.UpdateEntityAsync(claim, claim.ETag, TableUpdateMode.Replace, cancellationToken);
                return (DomainClaim.Claimed, null);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another claim took it over or released it meanwhile; decide again.
            }
        }

        return (DomainClaim.InProgress, null);
    }

    /// <summary>Frees <paramref name="domain"/> if <paramref name="customerId"/> holds the claim; a claim since taken by another stays.</summary>
    public async Task ReleaseAsync(string domain, string customerId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        if (await FindClaimAsync(table, domain, cancellationToken) is not { } claim || claim.CustomerId != customerId)
        {
            return;
        }

        try
        {
            await table.DeleteEntityAsync(claim, claim.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Taken over or released by someone else meanwhile: theirs stands.
        }
    }

    /// <summary>The customer that has <paramref name="domain"/>, or null.</summary>
    public async Task<Customer?> FindCustomerAsync(string domain, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        return await FindClaimAsync(table, domain, cancellationToken) is { } claim ? await HolderAsync(claim, cancellationToken) : null;
    }

    /// <summary>The claim's customer, when it exists and has the claimed domain.</summary>
    private async Task<Customer?> HolderAsync(CustomerDomainClaim claim, CancellationToken cancellationToken) =>
        RecordId.IsCustomer(claim.CustomerId) && await records.FindAsync<Customer>(claim.CustomerId, Customer.RowKeyFor(claim.CustomerId), cancellationToken) is { } customer && customer.Domain == claim.PartitionKey
            ? customer
            : null;

    private static async Task<CustomerDomainClaim?> FindClaimAsync(TableClient table, string domain, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<CustomerDomainClaim>(domain, CustomerDomainClaim.ClaimRowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }
}
