using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Discovery.State;

/// <summary>
/// One runner at a time across instances: a row with an owner and an expiry, taken and renewed on its ETag.
/// An instance that dies leaves the lease to expire, so nothing waits on it for long. The holder renews it while
/// it works (<see cref="KeepAsync"/>) and stops working as soon as it can no longer be sure it holds it.
/// </summary>
public sealed partial class DiscoveryLease(DiscoveryStateStore store, TimeProvider timeProvider, ILogger<DiscoveryLease> logger)
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan RenewEvery = Duration / 4;

    /// <summary>
    /// How long before the expiry the holder gives up: a run is cancelled then, and what it has in flight needs
    /// time to stop while the lease still keeps other runners out.
    /// </summary>
    private static readonly TimeSpan GiveUpBefore = Duration / 8;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(8);

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

    /// <summary>
    /// Renews <paramref name="lease"/> every quarter of its duration until <paramref name="stop"/>; a renewal that
    /// fails is tried again, with back-off, until shortly before the lease expires. True when stopped while the
    /// lease is still held; false as soon as it is lost (taken by another owner, or about to expire unrenewed).
    /// </summary>
    public async Task<bool> KeepAsync(LeaseEntity lease, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, timeProvider, stop);
                if (!await RenewWhileHeldAsync(lease, stop))
                {
                    return false;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return true;
        }
    }

    public async Task ReleaseAsync(LeaseEntity lease, CancellationToken cancellationToken)
    {
        var table = await store.TableAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(LeaseEntity.Partition, LeaseEntity.Row, lease.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // It expired and someone else holds it now, or took and released it; theirs stands.
        }
    }

    private async Task<bool> RenewWhileHeldAsync(LeaseEntity lease, CancellationToken stop)
    {
        var giveUpAt = lease.ExpiresAt - GiveUpBefore;

        // However long the storage client would wait for an answer, no attempt outlasts the time left.
        var timeLeft = giveUpAt - timeProvider.GetUtcNow();
        using var deadline = new CancellationTokenSource(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero, timeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        for (var wait = FirstRetry; ; wait = wait * 2 < LongestRetry ? wait * 2 : LongestRetry)
        {
            try
            {
                return await RenewAsync(lease, attempt.Token);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                var left = giveUpAt - timeProvider.GetUtcNow();
                if (left <= TimeSpan.Zero || deadline.IsCancellationRequested)
                {
                    LogGaveUp(e, lease.ExpiresAt);
                    return false;
                }

                var delay = wait < left ? wait : left;
                LogRenewFailed(e, delay.TotalSeconds);
                await Task.Delay(delay, timeProvider, stop);
            }
        }
    }

    /// <summary>Extends the lease; false if another owner took it.</summary>
    private async Task<bool> RenewAsync(LeaseEntity lease, CancellationToken cancellationToken)
    {
        var table = await store.TableAsync(cancellationToken);

        // A copy, so a write that fails leaves the expiry the holder goes by as it is stored.
        var renewed = new LeaseEntity { Owner = lease.Owner, ExpiresAt = timeProvider.GetUtcNow() + Duration };
        try
        {
            var updated = await table.UpdateEntityAsync(renewed, lease.ETag, TableUpdateMode.Replace, cancellationToken);
            lease.ETag = updated.Headers.ETag ?? default;
            lease.ExpiresAt = renewed.ExpiresAt;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // A renewal whose answer was lost on the way may have landed: then the row is still this owner's.
            var current = await table.GetEntityIfExistsAsync<LeaseEntity>(LeaseEntity.Partition, LeaseEntity.Row, cancellationToken: cancellationToken);
            if (current.HasValue && current.Value!.Owner == lease.Owner)
            {
                lease.ETag = current.Value.ETag;
                lease.ExpiresAt = current.Value.ExpiresAt;
                return true;
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The discovery lease could not be renewed; trying again in {Seconds} s")]
    private partial void LogRenewFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The discovery lease could not be renewed before it expires at {ExpiresAt:O}; giving it up")]
    private partial void LogGaveUp(Exception exception, DateTimeOffset expiresAt);
}
