using Azure;
using Engage.Durable.Storage;

namespace Engage.Durable.Client;

/// <summary>Pages of status rows turned into pages of instance metadata, keeping the table's continuation tokens.</summary>
internal sealed class InstancePageable(
    AsyncPageable<InstanceStatusEntity> rows,
    OrchestrationQuery query,
    Func<CancellationToken, Task> ensureHub,
    Func<InstanceStatusEntity, CancellationToken, Task<OrchestrationMetadata>> toMetadata,
    CancellationToken cancellationToken) : AsyncPageable<OrchestrationMetadata>(cancellationToken)
{
    public override async IAsyncEnumerable<Page<OrchestrationMetadata>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        await ensureHub(CancellationToken);
        await foreach (var page in rows.AsPages(continuationToken ?? query.ContinuationToken, pageSizeHint ?? query.PageSize).WithCancellation(CancellationToken))
        {
            var values = new List<OrchestrationMetadata>(page.Values.Count);
            foreach (var status in page.Values)
            {
                values.Add(await toMetadata(status, CancellationToken));
            }

            yield return Page<OrchestrationMetadata>.FromValues(values, page.ContinuationToken, page.GetRawResponse());
        }
    }
}
