using System.Diagnostics;

namespace Engage.Bench;

/// <summary>Latency samples in milliseconds and their nearest-rank percentiles.</summary>
internal sealed class Percentiles
{
    private readonly List<double> _samples = [];

    /// <summary><paramref name="warmup"/> untimed runs of <paramref name="operation"/>, then <paramref name="samples"/> timed ones.</summary>
    /// <param name="operation">The operation for run <c>i</c> (warm-up runs included).</param>
    public static async Task<Percentiles> OfAsync(int warmup, int samples, Func<int, Func<Task>> operation, CancellationToken cancellationToken)
    {
        var timings = new Percentiles();
        for (var i = 0; i < warmup + samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i < warmup)
            {
                await operation(i)();
            }
            else
            {
                await timings.MeasureAsync(operation(i));
            }
        }

        return timings;
    }

    public async Task MeasureAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    public double At(double percentile)
    {
        List<double> sorted;
        lock (_samples)
        {
            sorted = _samples.Order().ToList();
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 3);
    }
}
