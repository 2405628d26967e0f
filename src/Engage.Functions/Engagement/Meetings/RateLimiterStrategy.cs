using Polly;

namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// Takes a <see cref="FathomRateLimiter"/> permit for each attempt. It sits inside the retry, so every
/// retried call is counted too, and outside the attempt timeout, so waiting for a permit is not a timeout.
/// </summary>
internal sealed class RateLimiterStrategy(FathomRateLimiter limiter) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        try
        {
            await limiter.WaitAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException e)
        {
            return Outcome.FromException<TResult>(e);
        }

        return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
    }
}
