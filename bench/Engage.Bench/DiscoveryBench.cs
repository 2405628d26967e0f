using System.Diagnostics;
using Azure.Data.Tables;
using Engage.Functions.Discovery;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Engine;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Discovery.State;
using Engage.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Engage.Bench;

/// <summary>
/// Conversation discovery at the original design's scale: an n8n table on a private PostgreSQL seeded with
/// 100,000 sessions and 1,000,000 messages, indexed into a private Azurite. Measures the initial index, an
/// incremental run that finds 10 new conversations, the old way (distinct sessions over the table plus one
/// read per session) and newest-first first-page reads of the index. The crew has 16 index shards, as a crew
/// of this size should.
/// </summary>
internal static class DiscoveryBench
{
    /// <summary>100,000 as the issue asks; <c>DISCOVERY_BENCH_SESSIONS</c> scales it for a quicker look.</summary>
    private static readonly int Sessions = int.TryParse(Environment.GetEnvironmentVariable("DISCOVERY_BENCH_SESSIONS"), out var n) && n >= 1000 ? n / 1000 * 1000 : 100_000;

    private const int MessagesPerSession = 10;
    private const int IncrementalSamples = 5;
    private const int ListWarmup = 20;
    private const int ListSamples = 200;
    private const string Table = "n8n_chat_histories";

    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var azurite = await AzuriteServer.StartAsync();
        await using var data = NpgsqlDataSource.Create(postgres.ConnectionString);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(data, cancellationToken);
        Console.Error.WriteLine($"seeded {Sessions * MessagesPerSession:N0} messages in {seeding.Elapsed.TotalSeconds:0.0} s");

        SourceTableName.TryCreate(Table, out var table, out _);
        var crew = new CrewDefinition("bench", "support", SourceKind.Postgres, table, postgres.ConnectionString, IndexShards.Max);
        var options = new DiscoveryOptions { TablePrefix = "bench" };
        var tables = new TableServiceClient(azurite.ConnectionString);
        var time = TimeProvider.System;
        await using var sources = new ConversationSources();
        var index = new ConversationIndex(tables, options, time);
        var states = new DiscoveryStateStore(tables, options);
        var discovery = new CrewDiscovery(sources, index, states, options, time, NullLogger<CrewDiscovery>.Instance);
        var runner = new DiscoveryRunner(new CrewCatalog([crew], [], isDemo: false), discovery, new DiscoveryLease(states, time, NullLogger<DiscoveryLease>.Instance), states, time, NullLogger<DiscoveryRunner>.Instance);

        var initial = Stopwatch.StartNew();
        var runs = 0;
        do
        {
            var run = await runner.RunAsync("bench", cancellationToken);
            runs++;
            var result = run.Crews.Single();
            Console.Error.WriteLine($"initial run {runs}: {result.Sessions:N0} sessions, {result.Changes.Created:N0} created in {result.Duration.TotalSeconds:0.0} s {result.Error}");
        }
        while ((await states.GetAsync(crew, cancellationToken)).Behind);
        initial.Stop();

        var incremental = new Percentiles();
        for (var i = 0; i < IncrementalSamples; i++)
        {
            await AddNewConversationsAsync(data, $"new{i}", cancellationToken);
            await incremental.MeasureAsync(() => runner.RunAsync("bench", cancellationToken));
        }

        var list = new Percentiles();
        for (var i = 0; i < ListWarmup + ListSamples; i++)
        {
            var read = () => index.ListAsync([crew], 20, null, cancellationToken);
            if (i < ListWarmup)
            {
                await read();
            }
            else
            {
                await list.MeasureAsync(read);
            }
        }

        var naive = Stopwatch.StartNew();
        var naiveSessions = await NaiveFullScanAsync(data, cancellationToken);
        naive.Stop();

        return new Dictionary<string, object>
        {
            ["initial_index_s"] = Math.Round(initial.Elapsed.TotalSeconds, 1),
            ["incremental_10_new_ms"] = incremental.At(50),
            ["naive_full_scan_ms"] = Math.Round(naive.Elapsed.TotalMilliseconds),
            ["list_first_page_ms_p50"] = list.At(50),
            ["list_first_page_ms_p95"] = list.At(95),
            ["peak_rss_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0),
            ["sessions"] = Sessions,
            ["messages"] = Sessions * MessagesPerSession,
            ["initial_runs"] = runs,
            ["naive_sessions"] = naiveSessions,
        };
    }

    /// <summary>n8n's table with the commonly added created_at, and an index on session_id; messages interleave across sessions as they do live.</summary>
    private static async Task SeedAsync(NpgsqlDataSource data, CancellationToken cancellationToken)
    {
        await using (var create = data.CreateCommand($"CREATE TABLE {Table} (id SERIAL PRIMARY KEY, session_id VARCHAR(255) NOT NULL, message JSONB NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var connection = await data.OpenConnectionAsync(cancellationToken))
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY {Table} (session_id, message, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            var start = DateTime.UtcNow.AddDays(-90);
            var step = TimeSpan.FromDays(90) / (Sessions * MessagesPerSession);
            var row = 0;

            // Sessions run in waves of 1,000 whose messages interleave.
            for (var wave = 0; wave < Sessions / 1000; wave++)
            {
                for (var turn = 0; turn < MessagesPerSession; turn++)
                {
                    for (var s = wave * 1000; s < (wave + 1) * 1000; s++)
                    {
                        await copy.StartRowAsync(cancellationToken);
                        await copy.WriteAsync($"{s:x8}-5e55-4d1a-9c1b-{s:x12}", NpgsqlDbType.Varchar, cancellationToken);
                        await copy.WriteAsync(Message(turn, s), NpgsqlDbType.Jsonb, cancellationToken);
                        await copy.WriteAsync(start + (step * row++), NpgsqlDbType.TimestampTz, cancellationToken);
                    }
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using var index = data.CreateCommand($"CREATE INDEX ON {Table} (session_id, id); ANALYZE {Table}");
        await index.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AddNewConversationsAsync(NpgsqlDataSource data, string prefix, CancellationToken cancellationToken)
    {
        await using var insert = data.CreateCommand($"INSERT INTO {Table} (session_id, message) SELECT @prefix || '-' || g, @message::jsonb FROM generate_series(1, 10) g");
        insert.Parameters.AddWithValue("prefix", prefix);
        insert.Parameters.AddWithValue("message", Message(0, 0));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The old way, on every page load: every distinct session, then each session's rows to count them.</summary>
    private static async Task<int> NaiveFullScanAsync(NpgsqlDataSource data, CancellationToken cancellationToken)
    {
        var sessions = new List<string>();
        await using (var distinct = data.CreateCommand($"SELECT DISTINCT session_id FROM {Table}"))
        await using (var reader = await distinct.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sessions.Add(reader.GetString(0));
            }
        }

        await using var connection = await data.OpenConnectionAsync(cancellationToken);
        await using var perSession = new NpgsqlCommand($"SELECT id, message FROM {Table} WHERE session_id = @s ORDER BY id", connection);
        var parameter = perSession.Parameters.Add("s", NpgsqlDbType.Varchar);
        await perSession.PrepareAsync(cancellationToken);
        long messages = 0;
        foreach (var session in sessions)
        {
            parameter.Value = session;
            await using var reader = await perSession.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages++;
            }
        }

        return messages > 0 ? sessions.Count : 0;
    }

    private static string Message(int turn, int session) => turn % 2 == 0
        ? "{\"type\":\"human\",\"content\":\"Question " + turn + " from customer " + session + ": where is my order?\",\"additional_kwargs\":{},\"response_metadata\":{}}"
        : "{\"type\":\"ai\",\"content\":\"Answer " + turn + ": your order left the warehouse and arrives within two days.\",\"additional_kwargs\":{},\"response_metadata\":{},\"tool_calls\":[],\"invalid_tool_calls\":[]}";
}
