using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Commands;

/// <summary>
/// Idempotency-Key bookkeeping with Stripe / IETF-draft semantics. Claiming a key is an insert,
/// so two concurrent first requests cannot both process; keys live 24 hours. A claim is a lease of
/// <see cref="ClaimLease"/>: a request that dies before recording its answer blocks retries only that long.
/// </summary>
public sealed class IdempotencyStore(TableServiceClient tables, TimeProvider timeProvider)
{
    public const string TableName = "IdempotencyKeys";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Far longer than a start takes, short enough that a client's retry after a crash succeeds.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    private readonly LazyTable _lazyTable = new(tables, TableName);

    /// <summary>
    /// Claims <paramref name="key"/> for a request with <paramref name="fingerprint"/> that creates
    /// <paramref name="resultId"/>, or says why not. A taken-over claim keeps the first request's result id.
    /// </summary>
    public Task<(IdempotencyDecision Decision, IdempotencyRecord Record)> ClaimAsync(
        string scope, string key, string fingerprint, string resultId, CancellationToken cancellationToken) =>
        ClaimAsync(scope, key, fingerprint, resultId, ClaimLease, cancellationToken);

    /// <param name="leaseFor">How long the claim is trusted to finish. A command that takes longer than <see cref="ClaimLease"/> (a chat turn) claims for longer.</param>
    public async Task<(IdempotencyDecision Decision, IdempotencyRecord Record)> ClaimAsync(
        string scope, string key, string fingerprint, string resultId, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        var table = await _lazyTable.GetAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var record = new IdempotencyRecord { PartitionKey = Partition(scope), RowKey = Hash(key), Fingerprint = fingerprint, ResultId = resultId, LeaseUntil = now + leaseFor, CreatedAt = now };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await table.AddEntityAsync(record, cancellationToken);
                return (IdempotencyDecision.Process, record);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                var existing = await table.GetEntityIfExistsAsync<IdempotencyRecord>(record.PartitionKey, record.RowKey, cancellationToken: cancellationToken);
                if (!existing.HasValue)
                {
                    continue;
                }

                var found = existing.Value!;
                if (found.CreatedAt + Lifetime <= now)
                {
                    await DeleteExpiredAsync(table, found, cancellationToken);
                    continue;
                }

                if (found.Fingerprint != fingerprint)
                {
                    return (IdempotencyDecision.Mismatch, found);
                }

                if (found.Completed)
                {
                    return (IdempotencyDecision.Replay, found);
                }

                if (found.LeaseUntil > now)
                {
                    return (IdempotencyDecision.InFlight, found);
                }

                if (await TryTakeOverAsync(table, found, now + leaseFor, cancellationToken))
                {
                    return (IdempotencyDecision.TakeOver, found);
                }
            }
        }

        throw new InvalidOperationException("The idempotency key kept changing while it was being claimed.");
    }

    public async Task CompleteAsync(IdempotencyRecord record, int statusCode, string? responseBody, string? headers, CancellationToken cancellationToken)
    {
        record.Completed = true;
        record.StatusCode = statusCode;
        record.ResponseBody = responseBody;
        record.Headers = headers;
        await (await _lazyTable.GetAsync(cancellationToken)).UpdateEntityAsync(record, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Frees a key whose request failed on our side, so the client's retry is processed anew.</summary>
    public async Task ReleaseAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
        await (await _lazyTable.GetAsync(cancellationToken)).DeleteEntityAsync(record.PartitionKey, record.RowKey, cancellationToken: cancellationToken);

    /// <summary>Deletes keys older than their lifetime; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var table = await _lazyTable.GetAsync(cancellationToken);
        var cutoff = timeProvider.GetUtcNow() - Lifetime;
        var deleted = 0;
        await foreach (var record in table.QueryAsync<IdempotencyRecord>(TableClient.CreateQueryFilter($"CreatedAt lt {cutoff}"), cancellationToken: cancellationToken))
        {
            await DeleteExpiredAsync(table, record, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    public static string Fingerprint(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>
    /// A scope names an endpoint and often a user, whose id may hold characters a PartitionKey cannot (<c>/ \ # ?</c>)
    /// or be long: such a scope is stored as its hash.
    /// </summary>
    private static string Partition(string scope) =>
        scope.Length <= 200 && !scope.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)) ? scope : Hash(scope);

    /// <summary>Keys are client-chosen text; hashing makes any of them a valid RowKey and keeps it out of storage.</summary>
    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static async Task DeleteExpiredAsync(TableClient table, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(record.PartitionKey, record.RowKey, record.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Someone reclaimed it meanwhile; theirs stands.
        }
    }

    /// <summary>Takes over a claim whose lease ran out; false when another retry took it first.</summary>
    private static async Task<bool> TryTakeOverAsync(TableClient table, IdempotencyRecord record, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        record.LeaseUntil = leaseUntil;
        try
        {
            var response = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag ?? record.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}
