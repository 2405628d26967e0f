using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// Customers written straight to their records, as the customers routes will, so the workflow tests need not go
/// through those routes. Each gets a fresh id and domain; the derived fields are set by the app's own rules.
/// </summary>
public static class TestCustomers
{
    public static async Task<Customer> CreateAsync(IServiceProvider services, string? owner, int daysUntilRenewal = 150, double arr = 50_000, int health = 80)
    {
        var id = RecordId.NewCustomer();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            PartitionKey = id,
            RowKey = Customer.RowKeyFor(id),
            Name = $"Customer {id[3..9]}",
            Domain = $"{id[3..]}.example.com",
            Arr = arr,
            HealthScore = health,
            RenewalDate = RenewalIn(daysUntilRenewal),
            Owner = owner,
            CreatedAt = now,
            UpdatedAt = now,
        };
        CustomerRules.Derive(customer, Today, services.GetRequiredService<CustomerRuleOptions>());
        await services.GetRequiredService<CustomerRecords>().SaveAsync(null, customer, new RecordChange("customer_created", "Made by a test.", "test", now), CancellationToken.None);
        return customer;
    }

    /// <summary>Saves <paramref name="change"/> applied to the customer as stored now.</summary>
    public static async Task<Customer> ChangeAsync(IServiceProvider services, Customer customer, Action<Customer> change)
    {
        var records = services.GetRequiredService<CustomerRecords>();
        var before = await records.FindAsync<Customer>(customer.Id, customer.RowKey, CancellationToken.None) ?? throw new InvalidOperationException($"{customer.Id} is gone.");
        var after = await records.FindAsync<Customer>(customer.Id, customer.RowKey, CancellationToken.None);
        change(after!);
        after!.UpdatedAt = DateTimeOffset.UtcNow;
        CustomerRules.Derive(after, Today, services.GetRequiredService<CustomerRuleOptions>());
        await records.SaveAsync(before, after, new RecordChange("customer_updated", "Changed by a test.", "test", after.UpdatedAt), CancellationToken.None);
        return after;
    }

    public static DateTimeOffset RenewalIn(int days) => new(Today.AddDays(days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>A user id no other test uses, so queues and scoping see this test's records only.</summary>
    public static string NewUser() => $"csm-{Guid.NewGuid():N}@example.com";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);
}
