using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.State;

/// <summary>
/// One runner at a time across instances: a row with an owner and an expiry, taken and renewed on its ETag.
/// An instance that dies leaves the lease to expire, so nothing waits on it for long.
/// </summary>
public sealed class DiscoveryLease(DiscoveryStateStore store, TimeProvider timeProvider)
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    /// <summary>The lease if <paramref name="owner"/> got it, or null when another owner holds an unexpired one.</summary>
    public async Task<LeaseEntity?> TryAcquireAsync(string owner, CancellationToken cancellationToken)
    {
        var table = await store.TableAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var found = await table.GetEntityIfExistsAsync<LeaseEntity>(LeaseEntity.Partition, LeaseEntity.Row, cancellationToken: cancellationToken);
        var lease = new LeaseEntity { Owner = owner, ExpiresAt = now + Duration };
        try
        {
            if (!found.HasValue)
            {
                var added = await table.AddEntityAsync(lease, cancellationToken);
                lease.ETag = added.Headers.ETag ?? default;
                return lease;
            }

            if (found.Value!.ExpiresAt > now && found.Value.Owner != owner)
            {
                return null;
            }

            var updated = await table.UpdateEntityAsync(lease, found.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            lease.ETag = updated.Headers.ETag ?? default;
            return lease;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>Extends the lease; false if it was lost (expired and taken by another owner).</summary>
    public async Task<bool> RenewAsync(LeaseEntity lease, CancellationToken cancellationToken)
    {
        var table = await store.TableAsync(cancellationToken);
        lease.ExpiresAt = timeProvider.GetUtcNow() + Duration;
        try
        {
            var updated = await table.UpdateEntityAsync(lease, lease.ETag, TableUpdateMode.Replace, cancellationToken);
            lease.ETag = updated.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task ReleaseAsync(LeaseEntity lease, CancellationToken cancellationToken)
    {
        var table = await store.TableAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(LeaseEntity.Partition, LeaseEntity.Row, lease.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // It expired and someone else holds it now; theirs stands.
        }
    }
}
