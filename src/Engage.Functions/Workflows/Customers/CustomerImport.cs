using System.Collections.Concurrent;
using Engage.Functions.Identity;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// Upserts rows by domain: a row whose domain has a customer patches it (JSON merge patch of the row's fields), any
/// other row creates one. Each row stands alone: it is imported, or reported with why not, and the rows around it
/// are imported all the same. Rows of one domain run in their order; different domains run side by side.
/// </summary>
public sealed class CustomerImport(CustomerStore customers)
{
    public const int MaxRows = 5_000;

    /// <summary>5,000 rows of a few hundred bytes each, with room to spare.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private const int Parallelism = 8;
    private const string OwnerNotYours = "Only an admin assigns a customer to someone else or leaves it unowned.";

    public async Task<ImportReport> RunAsync(IReadOnlyList<ImportRow> rows, Caller caller, string? traceId, CancellationToken cancellationToken)
    {
        var failed = new ConcurrentBag<ImportFailure>();
        var readable = new List<(ImportRow Row, CustomerPatch Patch, Customer Draft)>();
        foreach (var row in rows)
        {
            if (Read(row, caller, out var patch) is { } problem)
            {
                failed.Add(new ImportFailure(row.Row, row.DomainText, problem));
                continue;
            }

            readable.Add((row, patch!, patch!.Draft()));
        }

        int created = 0, updated = 0;
        var domains = readable.GroupBy(r => r.Draft.Domain, StringComparer.Ordinal);
        await Parallel.ForEachAsync(domains, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (domain, token) =>
        {
            foreach (var (row, patch, _) in domain)
            {
                var by = new ChangedBy(caller.UserId, $"imported (row {row.Row})", traceId);
                switch (await UpsertAsync(domain.Key, patch, caller, by, token))
                {
                    case (true, null):
                        Interlocked.Increment(ref created);
                        break;
                    case (false, null):
                        Interlocked.Increment(ref updated);
                        break;
                    case (_, { } problem):
                        failed.Add(new ImportFailure(row.Row, domain.Key, problem));
                        break;
                }
            }
        });

        return new ImportReport(created, updated, [.. failed]);
    }

    /// <summary>Why the row cannot be imported whatever is stored, or null.</summary>
    private static string? Read(ImportRow row, Caller caller, out CustomerPatch? patch)
    {
        patch = null;
        if (row.Error is not null)
        {
            return row.Error;
        }

        if (!CustomerPatch.TryRead(row.Fields!, out patch, out var errors))
        {
            return CustomerPatch.Describe(errors);
        }

        if (!patch.Sets("domain"))
        {
            return "domain is required: rows are matched to customers by domain.";
        }

        return patch.AssignsOwnerWithoutRight(caller, CustomerFields.OwnerId(caller)) ? OwnerNotYours : null;
    }

    /// <returns>Whether a customer was created, and why the row failed (null when it did not).</returns>
    private async Task<(bool Created, string? Problem)> UpsertAsync(string domain, CustomerPatch patch, Caller caller, ChangedBy by, CancellationToken cancellationToken)
    {
        if (await customers.FindByDomainAsync(domain, cancellationToken) is { } existing)
        {
            if (!caller.MaySee(existing.Owner))
            {
                return (false, $"{domain} belongs to a customer that is not yours.");
            }

            if (patch.AssignsOwnerWithoutRight(caller, existing.Owner))
            {
                return (false, OwnerNotYours);
            }

            try
            {
                var write = await customers.UpdateAsync(existing, patch, by, cancellationToken);
                return (false, write.Customer is null ? $"{domain} is being changed by another request; import the row again." : null);
            }
            catch (RecordConflictException)
            {
                return (false, $"The customer of {domain} was changed by someone else during the import; import the row again.");
            }
        }

        if (!patch.Sets("name"))
        {
            return (true, $"name is required to create a customer for {domain}.");
        }

        var created = await customers.CreateAsync(RecordId.NewCustomer(), patch, CustomerFields.DefaultOwner(caller), by, mayExist: false, cancellationToken);
        return (true, created.Customer is null ? $"{domain} got a customer from another request during the import; import the row again." : null);
    }
}
