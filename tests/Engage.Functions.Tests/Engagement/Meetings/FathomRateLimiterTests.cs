using Engage.Functions.Engagement.Meetings;

namespace Engage.Functions.Tests.Engagement.Meetings;

public sealed class FathomRateLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Lets_sixty_calls_through_at_once_and_holds_the_sixty_first_until_the_window_has_passed()
    {
        var limiter = new FathomRateLimiter(60, Window, _time);

        var first = Enumerable.Range(0, 60).Select(_ => limiter.WaitAsync(CancellationToken.None)).ToList();
        var sixtyFirst = limiter.WaitAsync(CancellationToken.None);

        Assert.All(first, call => Assert.True(call.IsCompletedSuccessfully));
        Assert.False(sixtyFirst.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(sixtyFirst.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await sixtyFirst.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Frees_permits_as_the_window_slides()
    {
        var limiter = new FathomRateLimiter(60, Window, _time);
        await AcquireAsync(limiter, 30);
        _time.Advance(TimeSpan.FromSeconds(30));
        await AcquireAsync(limiter, 30);
        _time.Advance(TimeSpan.FromSeconds(30));

        // The first 30 have left the window; the second 30 leave it only at 90 s.
        await AcquireAsync(limiter, 30);
        var next = limiter.WaitAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stops_waiting_when_cancelled()
    {
        var limiter = new FathomRateLimiter(1, Window, _time);
        await limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.WaitAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static async Task AcquireAsync(FathomRateLimiter limiter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var call = limiter.WaitAsync(CancellationToken.None);
            Assert.True(call.IsCompletedSuccessfully, $"call {i + 1} of {count} had to wait");
            await call;
        }
    }
}
