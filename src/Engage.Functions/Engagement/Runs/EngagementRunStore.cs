using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Engage.Functions.Storage;

namespace Engage.Functions.Engagement.Runs;

/// <summary>
/// Reads and writes run status entities; every filter goes through the escaping builder. A run only moves forward:
/// progress while processing, an error only over processing, and a complete summary is never replaced.
/// </summary>
public sealed class EngagementRunStore(TableServiceClient tables, BlobServiceClient blobs, TimeProvider timeProvider)
{
    public const string TableName = "EngagementRuns";
    public const string SummaryContainerName = "engagement-summaries";

    /// <summary>
    /// A string property holds 64 KiB of UTF-16, 32,768 characters; a longer summary goes to a blob. The margin
    /// leaves room for the entity's other properties within its 1 MiB.
    /// </summary>
    public const int MaxInlineSummaryLength = 30_000;

    /// <summary>The most entities the table service returns for one query request.</summary>
    private const int MaxQueryPage = 1000;

    private readonly LazyTable _table = new(tables, TableName);
    private readonly LazyContainer _summaries = new(blobs, SummaryContainerName);

    /// <summary>Adds the run's entity as processing; an entity that exists already (a retried start) is kept.</summary>
    public async Task StartAsync(string domain, string runId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var run = new EngagementRunEntity { PartitionKey = domain, RowKey = runId, Status = RunStatus.Processing, Progress = "starting", CreatedAt = now, UpdatedAt = now };
        try
        {
            await (await _table.GetAsync(cancellationToken)).AddEntityAsync(run, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The first attempt of this start wrote it.
        }
    }

    public async Task<EngagementRunEntity?> GetAsync(string domain, string runId, CancellationToken cancellationToken)
    {
        var run = await FindAsync(domain, runId, cancellationToken);
        return run is null ? null : await WithSummaryAsync(run, cancellationToken);
    }

    /// <summary>Sets a processing run's progress; a run that has ended keeps its last.</summary>
    public Task ReportProgressAsync(string domain, string runId, string progress, CancellationToken cancellationToken) =>
        ChangeAsync(domain, runId, status => status == RunStatus.Processing, run => run.Progress = progress, cancellationToken);

    /// <summary>Completes a processing run, or one that failed and was rewound; a complete run keeps its summary.</summary>
    public async Task CompleteAsync(string domain, string runId, string summaryJson, string progress, CancellationToken cancellationToken)
    {
        var blob = summaryJson.Length > MaxInlineSummaryLength ? await SaveSummaryBlobAsync(runId, summaryJson, cancellationToken) : null;

        var (_, changed) = await ChangeAsync(
            domain,
            runId,
            status => status != RunStatus.Complete,
            run =>
            {
                run.Status = RunStatus.Complete;
                run.Summary = blob is null ? summaryJson : null;
                run.SummaryBlob = blob;
                run.Progress = progress;
                run.Error = null;
            },
            cancellationToken);
        if (!changed && blob is not null)
        {
            await DeleteSummaryBlobAsync(blob, cancellationToken);
        }
    }

    /// <summary>
    /// Ends a processing run as error; not changed when it had ended already. Returns the run as it stands
    /// afterwards, null when unknown.
    /// </summary>
    public async Task<(EngagementRunEntity? Run, bool Changed)> FailAsync(string domain, string runId, string error, CancellationToken cancellationToken)
    {
        var (run, changed) = await ChangeAsync(
            domain,
            runId,
            status => status == RunStatus.Processing,
            run =>
            {
                run.Status = RunStatus.Error;
                run.Error = error;
            },
            cancellationToken);
        return (run is null ? null : await WithSummaryAsync(run, cancellationToken), changed);
    }

    /// <summary>The newest complete run of a domain, or null.</summary>
    public async Task<EngagementRunEntity?> GetLatestCompleteAsync(string domain, CancellationToken cancellationToken) =>
        (await GetLatestCompleteAsync(domain, 1, cancellationToken)).FirstOrDefault();

    /// <summary>The newest <paramref name="count"/> complete runs of a domain, newest first.</summary>
    public async Task<IReadOnlyList<EngagementRunEntity>> GetLatestCompleteAsync(string domain, int count, CancellationToken cancellationToken)
    {
        // Summaries can be large, so the runs are compared on their keys and time, and only the newest are read whole.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {domain} and Status eq {RunStatus.Complete}");
        var complete = new List<EngagementRunEntity>();
        await foreach (var run in (await _table.GetAsync(cancellationToken)).QueryAsync<EngagementRunEntity>(filter, select: ["PartitionKey", "RowKey", "UpdatedAt"], cancellationToken: cancellationToken))
        {
            complete.Add(run);
        }

        var latest = new List<EngagementRunEntity>();
        foreach (var run in complete.OrderByDescending(r => r.UpdatedAt).Take(count))
        {
            if (await GetAsync(domain, run.RowKey, cancellationToken) is { } whole)
            {
                latest.Add(whole);
            }
        }

        return latest;
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
                return new RunPage(await WithSummariesAsync(found, cancellationToken), new RunListPosition(found[^1].PartitionKey, found[^1].RowKey).Encode());
            }

            found.Add(run);
        }

        return new RunPage(await WithSummariesAsync(found, cancellationToken), null);
    }

    /// <summary>Runs last updated before <paramref name="cutoff"/>, for retention.</summary>
    public async IAsyncEnumerable<EngagementRunEntity> ListUpdatedBeforeAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var run in table.QueryAsync<EngagementRunEntity>(TableClient.CreateQueryFilter($"UpdatedAt lt {cutoff}"), select: ["PartitionKey", "RowKey", "UpdatedAt", "SummaryBlob"], cancellationToken: cancellationToken))
        {
            yield return run;
        }
    }

    public async Task DeleteAsync(EngagementRunEntity run, CancellationToken cancellationToken)
    {
        if (run.SummaryBlob is not null)
        {
            await DeleteSummaryBlobAsync(run.SummaryBlob, cancellationToken);
        }

        await (await _table.GetAsync(cancellationToken)).DeleteEntityAsync(run.PartitionKey, run.RowKey, cancellationToken: cancellationToken);
    }

    /// <summary>A blob of its own for each completion, so a refused one never replaces the summary a run has.</summary>
    private async Task<string> SaveSummaryBlobAsync(string runId, string summaryJson, CancellationToken cancellationToken)
    {
        var name = $"{runId}/{Guid.NewGuid():N}.json";
        await (await _summaries.GetAsync(cancellationToken)).GetBlobClient(name).UploadAsync(BinaryData.FromString(summaryJson), overwrite: false, cancellationToken);
        return name;
    }

    private async Task DeleteSummaryBlobAsync(string name, CancellationToken cancellationToken) =>
        await (await _summaries.GetAsync(cancellationToken)).DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken);

    private async Task<EngagementRunEntity?> FindAsync(string domain, string runId, CancellationToken cancellationToken)
    {
        var found = await (await _table.GetAsync(cancellationToken)).GetEntityIfExistsAsync<EngagementRunEntity>(domain, runId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private async Task<List<EngagementRunEntity>> WithSummariesAsync(List<EngagementRunEntity> runs, CancellationToken cancellationToken)
    {
        foreach (var run in runs)
        {
            await WithSummaryAsync(run, cancellationToken);
        }

        return runs;
    }

    private async Task<EngagementRunEntity> WithSummaryAsync(EngagementRunEntity run, CancellationToken cancellationToken)
    {
        if (run.SummaryBlob is not null)
        {
            var container = await _summaries.GetAsync(cancellationToken);
            run.Summary = (await container.GetBlobClient(run.SummaryBlob).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }

        return run;
    }

    /// <summary>
    /// Applies <paramref name="change"/> when the run's status allows it, on the entity as read (its ETag), so a
    /// concurrent writer's change is read again rather than overwritten. Returns the run as it now stands.
    /// </summary>
    private async Task<(EngagementRunEntity? Run, bool Changed)> ChangeAsync(
        string domain, string runId, Func<string, bool> allowed, Action<EngagementRunEntity> change, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        while (true)
        {
            var run = await FindAsync(domain, runId, cancellationToken);
            if (run is null || !allowed(run.Status))
            {
                return (run, false);
            }

            change(run);
            run.UpdatedAt = timeProvider.GetUtcNow();
            try
            {
                await table.UpdateEntityAsync(run, run.ETag, TableUpdateMode.Replace, cancellationToken);
                return (run, true);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Changed since it was read: decide again on the new state.
            }
        }
    }
}
