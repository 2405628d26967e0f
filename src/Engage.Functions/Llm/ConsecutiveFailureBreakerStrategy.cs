using Polly;
using Polly.CircuitBreaker;

namespace Engage.Functions.Llm;

/// <summary>
/// Puts a <see cref="ConsecutiveFailureCircuitBreaker"/> into a Polly pipeline. Inside the retry, so every
/// attempt counts; a blocked call fails with Polly's <see cref="BrokenCircuitException"/>.
/// </summary>
internal sealed class ConsecutiveFailureBreakerStrategy(ConsecutiveFailureCircuitBreaker breaker) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (!breaker.TryAcquire(out var probe, out var retryAfter))
        {
            var message = $"The LLM circuit is open after {breaker.FailureThreshold} consecutive failures.";
            return Outcome.FromException<TResult>(
                retryAfter > TimeSpan.Zero ? new BrokenCircuitException(message, retryAfter) : new BrokenCircuitException(message));
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        switch (outcome.Exception)
        {
            case null:
                breaker.OnSuccess(probe);
                break;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                breaker.OnAbandoned(probe);
                break;
            default:
                breaker.OnFailure(probe);
                break;
        }

        return outcome;
    }
}
