using Engage.Functions.Llm;
using Polly;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// Which model writes the chat's replies, and, for an LLM, the chat's own breaker and pipeline
/// (docs/workflow-chat-breaker.md): a <see cref="ConsecutiveFailureCircuitBreaker"/> instance apart from the meeting
/// analyzer's, and no retries, only the per-attempt timeout.
/// </summary>
public sealed class ChatLlm
{
    private readonly ResiliencePipeline? _pipeline;
    private readonly TimeSpan _attemptTimeout;

    private ChatLlm(IChatModel model, ConsecutiveFailureCircuitBreaker? breaker, ResiliencePipeline? pipeline, TimeSpan attemptTimeout)
    {
        Model = model;
        Breaker = breaker;
        _pipeline = pipeline;
        _attemptTimeout = attemptTimeout;
    }

    public IChatModel Model { get; }

    /// <summary>Null for the local responder, which cannot fail the way a remote model does.</summary>
    public ConsecutiveFailureCircuitBreaker? Breaker { get; }

    public bool IsLlm => Breaker is not null;

    public static ChatLlm Local(LocalChatResponder responder) => new(responder, null, null, TimeSpan.Zero);

    /// <param name="resilience">OPENAI_TIMEOUT_SECONDS and OPENAI_CIRCUIT_BREAK_SECONDS as the analyzer reads them; its retries are not used.</param>
    public static ChatLlm Remote(IChatModel model, LlmResilienceOptions resilience, TimeProvider timeProvider, ILogger logger)
    {
        var breaker = new ConsecutiveFailureCircuitBreaker(resilience.FailureThreshold, resilience.BreakDuration, timeProvider, logger);

        // An interactive turn does not wait through back-offs: the fallback answers at once (docs/workflow-chat-breaker.md).
        var once = new LlmResilienceOptions
        {
            AttemptTimeout = resilience.AttemptTimeout,
            MaxRetries = 0,
            FailureThreshold = resilience.FailureThreshold,
            BreakDuration = resilience.BreakDuration,
        };
        return new(model, breaker, LlmResiliencePipeline.Build(once, breaker, timeProvider, logger), resilience.AttemptTimeout);
    }

    /// <summary>One model call through the breaker and the attempt timeout; the local responder is called as it is.</summary>
    public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _pipeline is null
            ? await call(cancellationToken)
            : await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);

    /// <summary>Why the LLM gave no reply, in one line without any error body.</summary>
    public string Describe(Exception exception) => exception is ChatStreamStalledException stalled
        ? stalled.Message
        : LlmFailureReason.Describe(exception, Breaker?.FailureThreshold ?? 0, _attemptTimeout);
}

/// <summary>The LLM's stream gave no first chunk, or stopped giving chunks, within the chat's timeouts.</summary>
public sealed class ChatStreamStalledException(string message) : Exception(message);
