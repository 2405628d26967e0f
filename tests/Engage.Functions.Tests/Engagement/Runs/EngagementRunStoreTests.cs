using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Engage.Functions.Engagement.Runs;
using Engage.Testing;

namespace Engage.Functions.Tests.Engagement.Runs;

public sealed class EngagementRunStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_second_completion_of_a_complete_run_leaves_its_large_summary_as_it_was()
    {
        var store = new EngagementRunStore(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), TimeProvider.System);
        var (domain, runId) = (EngagementRunTests.UniqueDomain(), Guid.NewGuid().ToString());
        string Summary(char fill) => $"{{\"themes\":[\"{new string(fill, EngagementRunStore.MaxInlineSummaryLength)}\"]}}";
        await store.StartAsync(domain, runId, CancellationToken.None);

        await store.CompleteAsync(domain, runId, Summary('a'), "analyzed 1 of 1", CancellationToken.None);
        await store.CompleteAsync(domain, runId, Summary('b'), "analyzed 1 of 1", CancellationToken.None);

        Assert.Equal(Summary('a'), (await store.GetAsync(domain, runId, CancellationToken.None))!.Summary);
    }
}
