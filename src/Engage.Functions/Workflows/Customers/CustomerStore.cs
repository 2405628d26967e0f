using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// Customers in their partitions of <see cref="CustomerRecords"/>, every change saved with its event: the derived
/// fields recomputed (<see cref="CustomerRules"/>), the domain kept unique (<see cref="CustomerDomains"/>), and the
/// queue told (<see cref="WorkflowQueue.SyncCustomerAsync"/>) so the customer's executions rank by what it is now.
/// </summary>
public sealed class CustomerStore(
    CustomerRecords records,
    CustomerDomains domains,
    WorkflowQueue queue,
    CustomerRuleOptions options,
    TimeProvider timeProvider)
{
    public const string Created = "customer_created";
    public const string Updated = "customer_updated";
    public const string Deleted = "customer_deleted";
    public const string RulesRecomputed = "customer_rules_recomputed";

    public DateOnly Today => CustomerRules.Today(timeProvider);

    public Task<Customer?> FindAsync(string customerId, CancellationToken cancellationToken) =>
        records.FindAsync<Customer>(customerId, Customer.RowKeyFor(customerId), cancellationToken);

    public Task<Customer?> FindByDomainAsync(string domain, CancellationToken cancellationToken) =>
        domains.FindCustomerAsync(domain, cancellationToken);

    /// <summary>
    /// Creates customer <paramref name="customerId"/> from <paramref name="patch"/> (which has name and domain), owned by
    /// <paramref name="owner"/> unless the patch names one. When <paramref name="mayExist"/> (a retried request), a
    /// customer the first attempt saved is answered as it is.
    /// </summary>
    public async Task<CustomerWrite> CreateAsync(string customerId, CustomerPatch patch, string? owner, ChangedBy by, bool mayExist, CancellationToken cancellationToken)
    {
        if (mayExist && await FindAsync(customerId, cancellationToken) is { } saved)
        {
            return new CustomerWrite(saved);
        }

        var now = timeProvider.GetUtcNow();
        var customer = new Customer { PartitionKey = customerId, RowKey = Customer.RowKeyFor(customerId), Owner = owner, CreatedAt = now, UpdatedAt = now };
        patch.ApplyTo(customer);
        CustomerRules.Derive(customer, Today, options);
        var claim = await domains.ClaimAsync(customer.Domain, customerId, cancellationToken);
        if (claim.Outcome != DomainClaim.Claimed)
        {
            return CustomerWrite.Refused(claim);
        }

        // A failed save leaves the claim; as its customer never held the domain, the next claim takes it over after the grace.
        await records.SaveAsync(null, customer, new RecordChange(Created, by.Reason, by.Actor, now, by.TraceId), cancellationToken);

        // A new customer has no executions for the queue to rank.
        return new CustomerWrite(customer);
    }

    /// <summary>Applies <paramref name="patch"/> to <paramref name="before"/> as read; no write at all when nothing changes.</summary>
    /// <exception cref="RecordConflictException">The customer changed since it was read.</exception>
    public async Task<CustomerWrite> UpdateAsync(Customer before, CustomerPatch patch, ChangedBy by, CancellationToken cancellationToken)
    {
        var after = before.Copy();
        patch.ApplyTo(after);
        CustomerRules.Derive(after, Today, options);
        var changed = ChangedFields(before, after);
        if (changed.Count == 0)
        {
            return new CustomerWrite(before);
        }

        var domainChanged = after.Domain != before.Domain;
        if (domainChanged && await domains.ClaimAsync(after.Domain, after.Id, cancellationToken) is { Outcome: not DomainClaim.Claimed } claim)
        {
            return CustomerWrite.Refused(claim);
        }

        var now = timeProvider.GetUtcNow();
        after.UpdatedAt = now;
        await records.SaveAsync(before, after, new RecordChange(Updated, $"{by.Reason}; changed {string.Join(", ", changed)}", by.Actor, now, by.TraceId), cancellationToken);
        if (domainChanged)
        {
            await domains.ReleaseAsync(before.Domain, before.Id, cancellationToken);
        }

        await queue.SyncCustomerAsync(after, Today, cancellationToken);
        return new CustomerWrite(after);
    }

    /// <summary>
    /// Recomputes the derived fields for today, saving them (event <see cref="RulesRecomputed"/>) only when they
    /// changed; returns the customer as it now stands and whether it changed.
    /// </summary>
    /// <exception cref="RecordConflictException">The customer changed since it was read.</exception>
    public async Task<(Customer Customer, bool Changed)> RecomputeAsync(Customer before, CancellationToken cancellationToken)
    {
        var after = before.Copy();
        CustomerRules.Derive(after, Today, options);
        if (after.AccountPlan == before.AccountPlan && after.RenewalStage == before.RenewalStage)
        {
            return (before, false);
        }

        var now = timeProvider.GetUtcNow();
        after.UpdatedAt = now;
        var reason = $"daily rules: renewal stage {before.RenewalStage ?? "none"} → {after.RenewalStage ?? "none"}, account plan {before.AccountPlan ?? "none"} → {after.AccountPlan ?? "none"}";
        await records.SaveAsync(before, after, new RecordChange(RulesRecomputed, reason, CustomerRulesTimer.FunctionName, now), cancellationToken);
        return (after, true);
    }

    /// <summary>Re-ranks the customer's executions in the queue, for today.</summary>
    public Task SyncQueueAsync(Customer customer, CancellationToken cancellationToken) =>
        queue.SyncCustomerAsync(customer, Today, cancellationToken);

    /// <summary>The customer's active and snoozed executions.</summary>
    public IAsyncEnumerable<WorkflowExecution> OpenExecutionsAsync(string customerId, CancellationToken cancellationToken) =>
        records.ListAsync<WorkflowExecution>(
            customerId,
            WorkflowExecution.Kind,
            TableClient.CreateQueryFilter($"Status eq {ExecutionStatus.Active} or Status eq {ExecutionStatus.Snoozed}"),
            cancellationToken);

    public async Task<bool> HasOpenExecutionsAsync(string customerId, CancellationToken cancellationToken)
    {
        await foreach (var _ in OpenExecutionsAsync(customerId, cancellationToken))
        {
            return true;
        }

        return false;
    }

    /// <summary>
    /// Deletes the customer as read (conditioned on its version, with its event), then everything else in its
    /// partition (closed executions, tasks, artifacts, events), then frees its domain.
    /// </summary>
    /// <exception cref="RecordConflictException">The customer changed since it was read.</exception>
    public async Task DeleteAsync(Customer before, ChangedBy by, CancellationToken cancellationToken)
    {
        await records.DeleteAsync(before, new RecordChange(Deleted, by.Reason, by.Actor, timeProvider.GetUtcNow(), by.TraceId), cancellationToken);
        await records.DeletePartitionAsync(before.Id, cancellationToken);
        await domains.ReleaseAsync(before.Domain, before.Id, cancellationToken);
    }

    /// <summary>What a delete interrupted after the customer row went leaves in its partition; its domain claim lapses by itself.</summary>
    public Task DeleteRemainsAsync(string customerId, CancellationToken cancellationToken) =>
        records.DeletePartitionAsync(customerId, cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> customers matching <paramref name="filter"/> after customer id
    /// <paramref name="after"/>, in id order, and the id to continue after (null at the end).
    /// </summary>
    public async Task<(IReadOnlyList<Customer> Items, string? Next)> ListAsync(CustomerFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        if (after is not null)
        {
            // One customer row a partition, so the partition key alone says where a page ended.
            conditions.Add(TableClient.CreateQueryFilter($"PartitionKey gt {after}"));
        }

        if (filter.Owner is { } owner)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Owner eq {owner}"));
        }

        if (filter.AccountPlan is { } plan)
        {
            conditions.Add(TableClient.CreateQueryFilter($"AccountPlan eq {plan}"));
        }

        if (filter.RenewalStage is { } stage)
        {
            conditions.Add(TableClient.CreateQueryFilter($"RenewalStage eq {stage}"));
        }

        var query = conditions.Count == 0 ? null : string.Join(" and ", conditions);
        var items = new List<Customer>(limit);
        string? continuation = null;
        do
        {
            // A scan across partitions may answer a short page with a continuation; the list fills its page anyway.
            var page = await records.PageAcrossCustomersAsync<Customer>(Customer.Kind, query, limit - items.Count, continuation, cancellationToken);
            items.AddRange(page.Values);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null && items.Count < limit);

        return (items, continuation is not null && items.Count > 0 ? items[^1].Id : null);
    }

    /// <summary>Every customer, a page at a time.</summary>
    public async IAsyncEnumerable<Customer> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        do
        {
            var (items, next) = await ListAsync(new CustomerFilter(), 1000, after, cancellationToken);
            foreach (var customer in items)
            {
                yield return customer;
            }

            after = next;
        }
        while (after is not null);
    }

    /// <summary>
    /// A page of the events of the customer's partition (its own, its executions', tasks', artifacts'), oldest first,
    /// after event <paramref name="after"/>, and the event id to continue after.
    /// </summary>
    public async Task<(IReadOnlyList<RecordEvent> Items, string? Next)> EventsAsync(string customerId, int limit, string? after, CancellationToken cancellationToken)
    {
        var items = new List<RecordEvent>(limit);
        await foreach (var recorded in records.EventsAsync(customerId, null, cancellationToken))
        {
            if (after is not null && string.CompareOrdinal(recorded.RowKey, RecordEvent.KeyPrefix + after) <= 0)
            {
                continue;
            }

            if (items.Count == limit)
            {
                return (items, items[^1].RowKey[RecordEvent.KeyPrefix.Length..]);
            }

            items.Add(recorded);
        }

        return (items, null);
    }

    /// <summary>The top-level fields whose values differ, as the API names them.</summary>
    private static List<string> ChangedFields(Customer before, Customer after)
    {
        var old = before.ToJson();
        return [.. after.ToJson().Where(field => !JsonNode.DeepEquals(field.Value, old[field.Key])).Select(field => field.Key)];
    }
}
