using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Engagement.Runs;

/// <summary>Reads and writes run status entities; every filter goes through the escaping builder.</summary>
public sealed class EngagementRunStore(TableServiceClient tables, TimeProvider timeProvider)
{
    public const string TableName = "EngagementRuns";

    /// <summary>The most entities the table service returns for one query request.</summary>
    private const int MaxQueryPage = 1000;

    private readonly LazyTable _table = new(tables, TableName);

    public async Task<EngagementRunEntity> StartAsync(string domain, string runId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var run = new EngagementRunEntity { PartitionKey = domain, RowKey = runId, Status = RunStatus.Processing, Progress = "starting", CreatedAt = now, UpdatedAt = now };
        await (await _table.GetAsync(cancellationToken)).AddEntityAsync(run, cancellationToken);
        return run;
    }

    public async Task<EngagementRunEntity?> GetAsync(string domain, string runId, CancellationToken cancellationToken)
    {
        var found = await (await _table.GetAsync(cancellationToken)).GetEntityIfExistsAsync<EngagementRunEntity>(domain, runId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    public Task ReportProgressAsync(string domain, string runId, string progress, CancellationToken cancellationToken) =>
        MergeAsync(domain, runId, new() { [nameof(EngagementRunEntity.Progress)] = progress }, cancellationToken);

    public Task CompleteAsync(string domain, string runId, string summaryJson, string progress, CancellationToken cancellationToken) =>
        MergeAsync(
            domain,
            runId,
            new()
            {
                [nameof(EngagementRunEntity.Status)] = RunStatus.Complete,
                [nameof(EngagementRunEntity.Summary)] = summaryJson,
                [nameof(EngagementRunEntity.Progress)] = progress,
            },
            cancellationToken);

    public Task FailAsync(string domain, string runId, string error, CancellationToken cancellationToken) =>
        MergeAsync(
            domain,
            runId,
            new()
            {
                [nameof(EngagementRunEntity.Status)] = RunStatus.Error,
                [nameof(EngagementRunEntity.Error)] = error,
            },
            cancellationToken);

    /// <summary>The newest complete run of a domain, or null.</summary>
    public async Task<EngagementRunEntity?> GetLatestCompleteAsync(string domain, CancellationToken cancellationToken)
    {
        // Summaries can be large, so the runs are compared on their keys and time, and only the newest is read whole.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {domain} and Status eq {RunStatus.Complete}");
        EngagementRunEntity? latest = null;
        await foreach (var run in (await _table.GetAsync(cancellationToken)).QueryAsync<EngagementRunEntity>(filter, select: ["PartitionKey", "RowKey", "UpdatedAt"], cancellationToken: cancellationToken))
        {
            if (latest is null || run.UpdatedAt > latest.UpdatedAt)
            {
                latest = run;
            }
        }

        return latest is null ? null : await GetAsync(domain, latest.RowKey, cancellationToken);
    }

    /// <summary>One page of runs in key order (domain, then run id), optionally of one domain, from after <paramref name="after"/>.</summary>
    public async Task<RunPage> ListAsync(string? domain, int pageSize, RunListPosition? after, CancellationToken cancellationToken)
    {
        // The leading "PartitionKey ge" lets the service seek to the position instead of scanning from the first run.
        var filter = (domain, after) switch
        {
            (null, null) => null,
            (null, not null) => TableClient.CreateQueryFilter($"PartitionKey ge {after.Domain} and (PartitionKey gt {after.Domain} or RowKey gt {after.RunId})"),
            (not null, null) => TableClient.CreateQueryFilter($"PartitionKey eq {domain}"),
            (not null, not null) => TableClient.CreateQueryFilter($"PartitionKey eq {domain} and RowKey gt {after.RunId}"),
        };

        // One run beyond the page tells whether another page follows.
        var found = new List<EngagementRunEntity>(pageSize + 1);
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var run in table.QueryAsync<EngagementRunEntity>(filter, Math.Min(pageSize + 1, MaxQueryPage), cancellationToken: cancellationToken))
        {
            if (found.Count == pageSize)
            {
                return new RunPage(found, new RunListPosition(found[^1].PartitionKey, found[^1].RowKey).Encode());
            }

            found.Add(run);
        }

        return new RunPage(found, null);
    }

    /// <summary>Runs last updated before <paramref name="cutoff"/>, for retention.</summary>
    public async IAsyncEnumerable<EngagementRunEntity> ListUpdatedBeforeAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var run in table.QueryAsync<EngagementRunEntity>(TableClient.CreateQueryFilter($"UpdatedAt lt {cutoff}"), select: ["PartitionKey", "RowKey", "UpdatedAt"], cancellationToken: cancellationToken))
        {
            yield return run;
        }
    }

    public async Task DeleteAsync(string domain, string runId, CancellationToken cancellationToken) =>
        await (await _table.GetAsync(cancellationToken)).DeleteEntityAsync(domain, runId, cancellationToken: cancellationToken);

    /// <summary>Changes only the given properties (and UpdatedAt) of an existing run; 404 if there is none.</summary>
    private async Task MergeAsync(string domain, string runId, Dictionary<string, object> changes, CancellationToken cancellationToken)
    {
        changes[nameof(EngagementRunEntity.UpdatedAt)] = timeProvider.GetUtcNow();
        var update = new TableEntity(changes) { PartitionKey = domain, RowKey = runId };
        await (await _table.GetAsync(cancellationToken)).UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
