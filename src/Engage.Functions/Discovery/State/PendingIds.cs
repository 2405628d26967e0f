using System.Globalization;

namespace Engage.Functions.Discovery.State;

/// <summary>
/// Ids that were missing below an id already read: a transaction that took a lower id may commit after a
/// higher one was read. They are re-checked on every run until their window ends (a rollback leaves a gap
/// forever). Kept as ranges, text <c>from-to@expiresUnixSeconds;...</c>, at most <see cref="MaxRanges"/>.
/// </summary>
public sealed class PendingIds
{
    public const int MaxRanges = 200;

    private readonly List<Range> _ranges;

    private PendingIds(List<Range> ranges) => _ranges = ranges;

    public bool IsEmpty => _ranges.Count == 0;

    public long Lowest => _ranges.Count == 0 ? long.MaxValue : _ranges.Min(r => r.From);

    public static PendingIds Parse(string? text, DateTimeOffset now)
    {
        var ranges = new List<Range>();
        foreach (var item in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = item.Split('@');
            var bounds = at[0].Split('-');
            if (at.Length == 2 && bounds.Length == 2 &&
                long.TryParse(bounds[0], CultureInfo.InvariantCulture, out var from) &&
                long.TryParse(bounds[1], CultureInfo.InvariantCulture, out var to) &&
                long.TryParse(at[1], CultureInfo.InvariantCulture, out var expires) &&
                expires > now.ToUnixTimeSeconds() && from <= to)
            {
                ranges.Add(new Range(from, to, expires));
            }
        }

        return new PendingIds(ranges);
    }

    public bool Contains(long id) => _ranges.Any(r => r.From <= id && id <= r.To);

    public void Add(long from, long to, DateTimeOffset expiresAt)
    {
        if (from > to)
        {
            return;
        }

        _ranges.Add(new Range(from, to, expiresAt.ToUnixTimeSeconds()));
        if (_ranges.Count > MaxRanges)
        {
            // Over the cap the two lowest ranges become one: a superset re-checks some ids for nothing, never misses one.
            _ranges.Sort((a, b) => a.From.CompareTo(b.From));
            var (first, second) = (_ranges[0], _ranges[1]);
            _ranges[0] = new Range(first.From, Math.Max(first.To, second.To), Math.Max(first.ExpiresAt, second.ExpiresAt));
            _ranges.RemoveAt(1);
        }
    }

    /// <summary>The id committed late and is indexed now.</summary>
    public void Remove(long id)
    {
        var index = _ranges.FindIndex(r => r.From <= id && id <= r.To);
        if (index < 0)
        {
            return;
        }

        var range = _ranges[index];
        _ranges.RemoveAt(index);
        if (range.From < id)
        {
            _ranges.Add(range with { To = id - 1 });
        }

        if (id < range.To)
        {
            _ranges.Add(range with { From = id + 1 });
        }
    }

    public override string ToString() =>
        string.Join(';', _ranges.OrderBy(r => r.From).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.From}-{r.To}@{r.ExpiresAt}")));

    private readonly record struct Range(long From, long To, long ExpiresAt);
}
