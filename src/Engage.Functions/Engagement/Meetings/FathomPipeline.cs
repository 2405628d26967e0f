using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// The resilience pipeline around each Fathom call, outermost first: retry with exponential back-off and
/// jitter (or the wait Fathom asks for), a rate-limit permit per attempt, a timeout per attempt.
/// </summary>
internal static partial class FathomPipeline
{
    private const string RateLimitResetHeader = "RateLimit-Reset";

    /// <param name="options"><see cref="FathomOptions.MaxAttempts"/> must be at least 2 (Polly's retry needs one retry).</param>
    public static ResiliencePipeline<HttpResponseMessage> Create(FathomOptions options, FathomRateLimiter limiter, TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RequestedDelay(args.Outcome.Result, time, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    LogRetry(logger, Describe(args.Outcome), args.AttemptNumber + 1, options.MaxAttempts, args.RetryDelay.TotalSeconds);
                    return default;
                },
            })
            .AddStrategy(_ => new RateLimiterStrategy(limiter))
            .AddTimeout(options.AttemptTimeout)
            .Build();

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// The wait Fathom asked for, capped; null lets the back-off decide. Fathom documents
    /// <c>RateLimit-Reset</c> (seconds left in the window) on 429s; <c>Retry-After</c> is honoured on any answer.
    /// </summary>
    private static TimeSpan? RequestedDelay(HttpResponseMessage? response, TimeProvider time, TimeSpan cap)
    {
        TimeSpan? requested = response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ when response?.StatusCode == HttpStatusCode.TooManyRequests => RateLimitReset(response),
            _ => null,
        };
        return requested is { } wait ? TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, cap.Ticks)) : null;
    }

    private static TimeSpan? RateLimitReset(HttpResponseMessage response) =>
        response.Headers.TryGetValues(RateLimitResetHeader, out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? $"HTTP {(int)response.StatusCode}"
            : outcome.Exception?.GetType().Name ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fathom call failed ({Reason}) on attempt {Attempt} of {MaxAttempts}; retrying in {DelaySeconds:0.0} s")]
    private static partial void LogRetry(ILogger logger, string reason, int attempt, int maxAttempts, double delaySeconds);
}
