using System.Diagnostics;

namespace Engage.Bench;

/// <summary>Latency samples in milliseconds and their nearest-rank percentiles.</summary>
internal sealed class Percentiles
{
    private readonly List<double> _samples = [];

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
