using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using Engage.Functions.Storage;
using Engage.LocalHost.Durable;
using Engage.LocalHost.Settings;
using Engage.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engage.Bench;

/// <summary>
/// Throughput of the Durable Task engine as the local host runs it (DurableTask.AzureStorage, the app's host.json
/// tuning) with no-op activities and one worker against a private Azurite: a 1,000-activity fan-out, a 100-step
/// sequence, and 1,000 small orchestrations.
/// </summary>
internal static class DurableBench
{
    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        // The environment may override host.json as on Azure (AzureFunctionsJobHost__extensions__durableTask__...),
        // to compare tunings.
        var settings = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection([new(StorageConnection.Setting, azurite.ConnectionString)])
            .Build();
        var options = TaskHubOptions.From(HostJson.Load(AppContext.BaseDirectory, settings), settings);
        var converter = new DurableTaskWorkerOptions().DataConverter;
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, NullLoggerFactory.Instance);
        await using var engine = new DurableEngine(
            options,
            DurableStorage.ClientProvider(StorageConnection.Read(settings)),
            new TaskLookup<TaskOrchestration>(name => name switch
            {
                "FanOut" => shims.CreateOrchestration<int, int>(name, FanOutAsync),
                "Sequence" => shims.CreateOrchestration<int, int>(name, SequenceAsync),
                _ => null,
            }),
            new TaskLookup<TaskActivity>(name => name == "Noop" ? shims.CreateActivity<int, int>(name, (_, n) => Task.FromResult(n)) : null),
            TimeProvider.System,
            NullLoggerFactory.Instance);
        await engine.StartAsync(cancellationToken);
        await engine.WaitUntilReadyAsync(cancellationToken);
        var client = new EngineDurableTaskClient(engine, converter);

        await RunOneAsync(client, "FanOut", 50, cancellationToken);
        var fanOut = await RunOneAsync(client, "FanOut", 1000, cancellationToken);
        var sequence = await RunOneAsync(client, "Sequence", 100, cancellationToken);
        var stepMs = await StepLatenciesAsync(client, sequence.InstanceId, cancellationToken);
        var many = await RunManyAsync(client, 1000, cancellationToken);
        await engine.StopAsync(cancellationToken);

        return new Dictionary<string, object>
        {
            ["fanout_1000_s"] = Math.Round(fanOut.Seconds, 2),
            ["fanout_activities_per_s"] = Math.Round(1000 / fanOut.Seconds),
            ["sequential_100_step_ms_p50"] = Math.Round(stepMs.At(50), 1),
            ["sequential_100_step_ms_p90"] = Math.Round(stepMs.At(90), 1),
            ["sequential_100_s"] = Math.Round(sequence.Seconds, 2),
            ["orchestrations_1000_s"] = Math.Round(many, 2),
            ["orchestrations_per_s"] = Math.Round(1000 / many),
            ["partitions"] = options.PartitionCount,
            ["max_queue_polling_interval_s"] = options.MaxQueuePollingInterval.TotalSeconds,
            ["extended_sessions"] = options.ExtendedSessionsEnabled,
        };
    }

    private static async Task<int> FanOutAsync(TaskOrchestrationContext context, int count) =>
        (await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Noop", i)))).Length;

    private static async Task<int> SequenceAsync(TaskOrchestrationContext context, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            await context.CallActivityAsync<int>("Noop", i);
        }

        return steps;
    }

    private static async Task<(string InstanceId, double Seconds)> RunOneAsync(DurableTaskClient client, string name, int input, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{name} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        return (id, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Each step of a sequence is one episode; the gaps between episode starts are the step latencies.</summary>
    private static async Task<Percentiles> StepLatenciesAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var starts = (await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken))
            .OfType<OrchestratorStartedEvent>()
            .Select(e => e.Timestamp)
            .ToList();
        var steps = new Percentiles();
        foreach (var (a, b) in starts.Zip(starts.Skip(1)))
        {
            steps.Add((b - a).TotalMilliseconds);
        }

        return steps;
    }

    private static async Task<double> RunManyAsync(DurableTaskClient client, int count, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            client.ScheduleNewOrchestrationInstanceAsync("Sequence", 1, cancellationToken)));
        foreach (var id in ids)
        {
            await client.WaitForInstanceCompletionAsync(id, cancellationToken);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
