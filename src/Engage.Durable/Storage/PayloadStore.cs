using System.IO.Compression;
using System.Text;
using Engage.Durable.History;
using Engage.Storage.Tables;

namespace Engage.Durable.Storage;

/// <summary>
/// Keeps values too large for a table property or a queue message in the payloads table,
/// gzip-compressed and split into chunks, in the partition of the instance they belong to (so
/// purging an instance removes them too). Events then carry a reference instead of the value.
/// </summary>
internal sealed class PayloadStore(TableClient payloads)
{
    /// <summary>
    /// Values up to this many characters travel inline: small enough that a history row stays
    /// under the 64 KiB string limit and a message with a few such events under the queue's
    /// 64 KiB (Base64) limit.
    /// </summary>
    public const int InlineLimit = 12_000;

    private const int BytesPerProperty = 60_000;
    private const int PropertiesPerRow = 15;
    private const int RowsPerTransaction = 2;

    public async Task<HistoryEvent> OffloadAsync(string instanceId, HistoryEvent e, CancellationToken cancellationToken)
    {
        var (inline, reference) = await StoreIfLargeAsync(instanceId, e.Data, cancellationToken);
        return reference is null ? e : e with { Data = inline, DataRef = reference };
    }

    public async Task<HistoryEvent> ResolveAsync(string instanceId, HistoryEvent e, CancellationToken cancellationToken) =>
        e.DataRef is null ? e : e with { Data = await LoadAsync(instanceId, e.DataRef, cancellationToken), DataRef = null };

    /// <summary>Stores <paramref name="value"/> if it is large; returns (inline, reference), one of them null.</summary>
    public async Task<(string? Inline, string? Reference)> StoreIfLargeAsync(string instanceId, string? value, CancellationToken cancellationToken) =>
        value is null || value.Length <= InlineLimit ? (value, null) : (null, await StoreAsync(instanceId, value, cancellationToken));

    public async Task<string> StoreAsync(string instanceId, string value, CancellationToken cancellationToken)
    {
        var reference = Guid.NewGuid().ToString("N");
        var compressed = Compress(value);
        var rows = compressed.Chunk(BytesPerProperty * PropertiesPerRow)
            .Select((chunk, index) =>
            {
                var row = new TableEntity(instanceId, $"{reference}-{index:D5}");
                foreach (var (part, slot) in chunk.Chunk(BytesPerProperty).Select((p, i) => (p, i)))
                {
                    row[$"D{slot:D2}"] = part;
                }

                return row;
            });

        foreach (var batch in rows.Chunk(RowsPerTransaction))
        {
            await payloads.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
        }

        return reference;
    }

    public async Task<string> LoadAsync(string instanceId, string reference, CancellationToken cancellationToken)
    {
        var filter = TableOdataFilter.Create($"PartitionKey eq {instanceId}") + " and " + TableOdataFilter.StartsWith("RowKey", reference + "-");
        using var buffer = new MemoryStream();
        var rows = 0;
        await foreach (var row in payloads.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows++;
            foreach (var slot in row.Keys.Where(k => k.StartsWith('D')).Order(StringComparer.Ordinal))
            {
                buffer.Write(row.GetBinary(slot));
            }
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"Payload {reference} of instance '{instanceId}' is missing from {payloads.Name}.");
        }

        buffer.Position = 0;
        return Decompress(buffer);
    }

    private static byte[] Compress(string value)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(value));
        }

        return output.ToArray();
    }

    private static string Decompress(Stream input)
    {
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
