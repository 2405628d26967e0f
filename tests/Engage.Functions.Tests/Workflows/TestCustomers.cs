using Engage.Functions.Records;
using Engage.Functions.Tests.Workflows.Customers;
using Engage.Functions.Workflows.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// Customers as the workflow tests need them: created through <c>POST /api/customers</c> like any other (with the
/// fields of <see cref="CustomersApp.Fields"/>), each with a fresh domain, and answered as stored. Tests that change
/// one save the change straight to its record.
/// </summary>
public static class TestCustomers
{
    /// <summary>A customer created by the development admin, owned by <paramref name="owner"/> (by no one when null).</summary>
    public static async Task<Customer> CreateAsync(AppOnAzuriteFactory app, string? owner, int daysUntilRenewal = 150, double arr = 50_000, int health = 80)
    {
        var fields = CustomersApp.Fields(CustomersApp.NewDomain(), owner, health, arr, CustomersApp.InDays(daysUntilRenewal));
        var id = (await CustomersApp.CreateAsync(new WorkflowsClient(app.CreateClient()), fields))["id"]!.GetValue<string>();
        return await app.Services.GetRequiredService<CustomerRecords>().FindAsync<Customer>(id, Customer.RowKeyFor(id), CancellationToken.None)
            ?? throw new InvalidOperationException($"{id} was not stored.");
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
