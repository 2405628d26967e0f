using System.Text.Json;

namespace Engage.Bench;

/// <summary>Not named Program, which the app and the local host already have.</summary>
internal static class BenchEntryPoint
{
    private static readonly Dictionary<string, Func<CancellationToken, Task<IReadOnlyDictionary<string, object>>>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["durable"] = DurableBench.RunAsync,
        ["discovery"] = DiscoveryBench.RunAsync,
        ["engagement"] = EngagementBench.RunAsync,
        ["workflows"] = WorkflowsBench.RunAsync,
        ["chat"] = ChatBench.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1 || !Benchmarks.TryGetValue(args[0], out var run))
        {
            Console.Error.WriteLine($"usage: Engage.Bench <{string.Join('|', Benchmarks.Keys)}>");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var figures = await run(cancel.Token);
        Console.WriteLine(JsonSerializer.Serialize(figures));
        return 0;
    }
}
