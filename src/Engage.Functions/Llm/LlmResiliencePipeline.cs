using System.ClientModel;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Engage.Functions.Llm;

/// <summary>
/// Retry (outermost) → consecutive-failure breaker → per-attempt timeout. The breaker sits inside the retry
/// so that every attempt counts towards opening it, and an open circuit ends the retrying at once.
/// </summary>
internal static partial class LlmResiliencePipeline
{
    public static ResiliencePipeline Build(LlmResilienceOptions options, ConsecutiveFailureCircuitBreaker breaker, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = new PredicateBuilder()
                    .Handle<ClientResultException>(e => IsTransient(e.Status))
                    .Handle<TimeoutRejectedException>(),
                // Polly does not cap what this returns, hence the cap here.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ClientResultException failed
                    && failed.GetRawResponse() is { } response
                    && RetryAfter.From(response.Headers, time.GetUtcNow()) is { } wait
                        ? (TimeSpan?)(wait < options.MaxRetryDelay ? wait : options.MaxRetryDelay)
                        : null),
                OnRetry = args =>
                {
                    LogRetry(
                        logger,
                        args.AttemptNumber + 1,
                        LlmFailureReason.Describe(args.Outcome.Exception!, breaker.FailureThreshold, options.AttemptTimeout),
                        args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder
            .AddStrategy(_ => new ConsecutiveFailureBreakerStrategy(breaker))
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    // As the SDK's own retry policy: request timeout, rate limit, server errors, and no response at all (0).
    private static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason, double delayMs);
}
