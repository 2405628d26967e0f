using System.Text.Json;
using Engage.Bench;

var benchmarks = new Dictionary<string, Func<CancellationToken, Task<IReadOnlyDictionary<string, object>>>>(StringComparer.OrdinalIgnoreCase)
{
    ["storage"] = StorageBench.RunAsync,
    ["durable"] = DurableBench.RunAsync,
};

if (args.Length != 1 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Engage.Bench <{string.Join('|', benchmarks.Keys)}>");
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
