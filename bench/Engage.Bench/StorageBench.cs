using System.Diagnostics;
using Engage.Storage.Queues;
using Engage.Storage.Tables;
using Engage.Testing;

namespace Engage.Bench;

/// <summary>
/// Latency and throughput of the storage clients against a private Azurite on loopback:
/// the figures every durable-engine design decision rests on.
/// </summary>
internal static class StorageBench
{
    private const int Warmup = 200;
    private const int Samples = 2000;
    private const int BatchEntities = 20_000;
    private const int BatchConcurrency = 4;
    private const int QueueSamples = 500;

    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("bench");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("bench");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var upserts = await MeasureUpsertsAsync(table, cancellationToken);
        var reads = await MeasurePointReadsAsync(table, cancellationToken);
        var batchRate = await MeasureBatchInsertsAsync(table, cancellationToken);
        var roundTrips = await MeasureQueueRoundTripsAsync(queue, cancellationToken);

        return new Dictionary<string, object>
        {
            ["point_read_ms_p50"] = reads.At(50),
            ["point_read_ms_p95"] = reads.At(95),
            ["upsert_ms_p50"] = upserts.At(50),
            ["upsert_ms_p95"] = upserts.At(95),
            ["batch_insert_entities_per_s"] = Math.Round(batchRate),
            ["queue_roundtrip_ms_p50"] = roundTrips.At(50),
            ["queue_roundtrip_ms_p95"] = roundTrips.At(95),
            ["samples"] = Samples,
        };
    }

    private static async Task<Percentiles> MeasureUpsertsAsync(TableClient table, CancellationToken cancellationToken)
    {
        var latencies = new Percentiles();
        for (var i = 0; i < Warmup + Samples; i++)
        {
            var entity = new TableEntity("point", $"r{i % 500:D4}") { ["Count"] = i, ["Text"] = "a typical status row" };
            var write = () => table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
            if (i < Warmup)
            {
                await write();
            }
            else
            {
                await latencies.MeasureAsync(write);
            }
        }

        return latencies;
    }

    private static async Task<Percentiles> MeasurePointReadsAsync(TableClient table, CancellationToken cancellationToken)
    {
        var latencies = new Percentiles();
        for (var i = 0; i < Warmup + Samples; i++)
        {
            var rowKey = $"r{i % 500:D4}";
            var read = () => table.GetEntityAsync<TableEntity>("point", rowKey, cancellationToken: cancellationToken);
            if (i < Warmup)
            {
                await read();
            }
            else
            {
                await latencies.MeasureAsync(read);
            }
        }

        return latencies;
    }

    private static async Task<double> MeasureBatchInsertsAsync(TableClient table, CancellationToken cancellationToken)
    {
        var batches = Enumerable.Range(0, BatchEntities / TableClient.MaxTransactionActions).ToList();
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                var actions = Enumerable.Range(0, TableClient.MaxTransactionActions).Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    new TableEntity($"batch{batch:D4}", $"r{i:D3}") { ["Payload"] = "history event", ["Sequence"] = i }));
                await table.SubmitTransactionAsync(actions, ct);
            });
        return BatchEntities / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task<Percentiles> MeasureQueueRoundTripsAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        var latencies = new Percentiles();
        for (var i = 0; i < QueueSamples; i++)
        {
            await latencies.MeasureAsync(async () =>
            {
                await queue.SendMessageAsync("{\"event\":\"TaskCompleted\"}", cancellationToken: cancellationToken);
                var received = (await queue.ReceiveMessagesAsync(1, cancellationToken: cancellationToken)).Value.Single();
                await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
            });
        }

        return latencies;
    }
}
