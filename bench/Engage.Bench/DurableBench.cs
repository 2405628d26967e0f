using System.Diagnostics;
using Engage.Durable;
using Engage.Durable.Client;
using Engage.Durable.History;
using Engage.Durable.Orchestration;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Bench;

/// <summary>
/// Throughput of the durable engine with no-op activities and one worker against a private
/// Azurite: a 1,000-activity fan-out, a 100-step sequence, and 1,000 small orchestrations.
/// </summary>
internal static class DurableBench
{
    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDurableTask(azurite.ConnectionString, registry => registry
            .AddActivityFunc<int, int>("Noop", (_, n) => n)
            .AddOrchestratorFunc<int, int>("FanOut", async (context, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Noop", i)))).Length)
            .AddOrchestratorFunc<int, int>("Sequence", async (context, steps) =>
            {
                for (var i = 0; i < steps; i++)
                {
                    await context.CallActivityAsync<int>("Noop", i);
                }

                return steps;
            }));
        using var host = builder.Build();
        await host.Services.CreateTaskHubIfNotExistsAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        await RunOneAsync(client, "FanOut", 50, cancellationToken);
        var fanOut = await RunOneAsync(client, "FanOut", 1000, cancellationToken);
        var sequence = await RunOneAsync(client, "Sequence", 100, cancellationToken);
        var stepMs = await StepLatenciesAsync(client, sequence.InstanceId, cancellationToken);
        var many = await RunManyAsync(client, 1000, cancellationToken);
        await host.StopAsync(cancellationToken);

        return new Dictionary<string, object>
        {
            ["fanout_1000_s"] = Math.Round(fanOut.Seconds, 2),
            ["fanout_activities_per_s"] = Math.Round(1000 / fanOut.Seconds),
            ["sequential_100_step_ms_p50"] = Math.Round(stepMs[stepMs.Count / 2], 1),
            ["sequential_100_s"] = Math.Round(sequence.Seconds, 2),
            ["orchestrations_1000_s"] = Math.Round(many, 2),
            ["orchestrations_per_s"] = Math.Round(1000 / many),
        };
    }

    private static async Task<(string InstanceId, double Seconds)> RunOneAsync(DurableTaskClient client, string name, int input, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellationToken: cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: cancellationToken);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{name} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        return (id, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Each step of a sequence is one episode; the gaps between episode starts are the step latencies.</summary>
    private static async Task<List<double>> StepLatenciesAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var starts = (await client.GetInstanceHistoryAsync(instanceId, cancellationToken))
            .Where(e => e.EventType == HistoryEventType.OrchestratorStarted)
            .Select(e => e.Timestamp)
            .ToList();
        return starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).Order().ToList();
    }

    private static async Task<double> RunManyAsync(DurableTaskClient client, int count, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            client.ScheduleNewOrchestrationInstanceAsync("Sequence", 1, cancellationToken: cancellationToken)));
        foreach (var id in ids)
        {
            await client.WaitForInstanceCompletionAsync(id, cancellationToken: cancellationToken);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
