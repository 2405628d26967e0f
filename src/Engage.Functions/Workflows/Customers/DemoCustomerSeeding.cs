using System.Text.Json.Nodes;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// At start-up in local development: creates each demo customer whose domain has no customer yet, so a second start
/// (or a second host) adds nothing. Nothing here may stop the host, so a failure is logged; the next start tries again.
/// </summary>
public sealed partial class DemoCustomerSeeding(CustomerStore customers, ILogger<DemoCustomerSeeding> logger) : BackgroundService
{
    private static readonly ChangedBy Demo = new("demo", "demo data of local development");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var created = 0;
            foreach (var demo in DemoCustomers.All)
            {
                created += await SeedAsync(demo, stoppingToken) ? 1 : 0;
            }

            LogSeeded(created, DemoCustomers.All.Count);
        }
        catch (Exception e)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
    }

    private async Task<bool> SeedAsync(DemoCustomer demo, CancellationToken cancellationToken)
    {
        if (await customers.FindByDomainAsync(demo.Domain, cancellationToken) is not null)
        {
            return false;
        }

        var write = await customers.CreateAsync(RecordId.NewCustomer(), Patch(DemoCustomers.Initial(demo, customers.Today)), null, Demo, mayExist: false, cancellationToken);
        if (write.Customer is { } created && DemoCustomers.Change(demo) is { } change)
        {
            await customers.UpdateAsync(created, Patch(change), Demo, cancellationToken);
        }

        return write.Customer is not null;
    }

    /// <summary>The demo's fields go through the API's own checks.</summary>
    private static CustomerPatch Patch(JsonObject fields) => CustomerPatch.TryRead(fields, out var patch, out var errors)
        ? patch
        : throw new InvalidOperationException($"A demo customer is not valid: {CustomerPatch.Describe(errors)}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo customers: {Created} of {Count} created; the others were there already")]
    private partial void LogSeeded(int created, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo customers could not be seeded; the next start tries again")]
    private partial void LogFailed(Exception exception);
}
