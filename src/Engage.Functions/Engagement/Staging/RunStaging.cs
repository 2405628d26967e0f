using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Engage.Functions.Engagement.Aggregation;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Storage;

namespace Engage.Functions.Engagement.Staging;

/// <summary>
/// A run's working set in blob container <c>engagement-staging</c>, under the run id: what was collected, each
/// excerpt, and each excerpt's analysis. Activities pass indexes instead of transcripts, so an orchestration's
/// history stays small however many meetings a run takes, and a retried activity overwrites what it wrote.
/// </summary>
public sealed class RunStaging(BlobServiceClient blobs)
{
    public const string ContainerName = "engagement-staging";

    /// <summary>Blob transfers at once per run: enough to hide Azurite's or Azure's latency, few enough to be polite.</summary>
    private const int ParallelTransfers = 16;

    private readonly LazyContainer _container = new(blobs, ContainerName);

    public async Task SaveAsync(string runId, CollectedMeetings collected, IReadOnlyList<MeetingExcerpt> excerpts, CancellationToken cancellationToken)
    {
        await WriteAsync(CollectedBlob(runId), collected, cancellationToken);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, excerpts.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelTransfers, CancellationToken = cancellationToken },
            (index, token) => new ValueTask(WriteAsync(ExcerptBlob(runId, index), excerpts[index], token)));
    }

    public Task<CollectedMeetings> ReadCollectedAsync(string runId, CancellationToken cancellationToken) =>
        ReadAsync<CollectedMeetings>(CollectedBlob(runId), cancellationToken);

    public Task<MeetingExcerpt> ReadExcerptAsync(string runId, int index, CancellationToken cancellationToken) =>
        ReadAsync<MeetingExcerpt>(ExcerptBlob(runId, index), cancellationToken);

    public Task SaveAnalysisAsync(string runId, int index, MeetingAnalysis analysis, CancellationToken cancellationToken) =>
        WriteAsync(AnalysisBlob(runId, index), analysis, cancellationToken);

    /// <summary>The analyses of excerpts 0 to <paramref name="count"/> - 1, in excerpt order.</summary>
    public async Task<IReadOnlyList<MeetingAnalysis>> ReadAnalysesAsync(string runId, int count, CancellationToken cancellationToken)
    {
        var analyses = new MeetingAnalysis[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelTransfers, CancellationToken = cancellationToken },
            async (index, token) => analyses[index] = await ReadAsync<MeetingAnalysis>(AnalysisBlob(runId, index), token));
        return analyses;
    }

    /// <summary>Deletes everything staged for the run; nothing staged is fine.</summary>
    public async Task DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        var container = await _container.GetAsync(cancellationToken);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, runId + "/", cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }

    private static string CollectedBlob(string runId) => $"{runId}/collected.json";

    private static string ExcerptBlob(string runId, int index) => $"{runId}/excerpts/{index.ToString("D5", CultureInfo.InvariantCulture)}.json";

    private static string AnalysisBlob(string runId, int index) => $"{runId}/analyses/{index.ToString("D5", CultureInfo.InvariantCulture)}.json";

    private async Task WriteAsync<T>(string name, T value, CancellationToken cancellationToken)
    {
        var container = await _container.GetAsync(cancellationToken);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(value), overwrite: true, cancellationToken);
    }

    private async Task<T> ReadAsync<T>(string name, CancellationToken cancellationToken)
    {
        var container = await _container.GetAsync(cancellationToken);
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>() ?? throw new JsonException($"Staged blob {name} holds JSON null.");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"Staged blob {name} is missing: the run's staging was deleted while it ran.", e);
        }
    }
}
