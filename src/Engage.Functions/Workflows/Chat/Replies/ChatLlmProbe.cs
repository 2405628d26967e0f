using Engage.Functions.Health;
using Polly.CircuitBreaker;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// The chat's model at <c>chat.llm</c> on <c>/api/health</c>: the generator (the model, or <c>local</c>) and the chat's
/// own circuit. It makes no call; an open or half-open circuit is degraded, not unhealthy, since the fallback answers.
/// </summary>
public sealed class ChatLlmProbe(ChatLlm llm) : IHealthProbe
{
    public string Group => "chat";

    public string Name => "llm";

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string> { ["generator"] = llm.Model.Name };
        if (llm.Breaker is not { } breaker)
        {
            return Task.FromResult(ProbeResult.Healthy(TimeSpan.Zero) with { Details = details });
        }

        var (state, result) = breaker.State switch
        {
            CircuitState.Closed => ("closed", ProbeResult.Healthy(TimeSpan.Zero)),
            CircuitState.HalfOpen => ("half-open", ProbeResult.Degraded(TimeSpan.Zero, "one probe call is trying the llm again; the fallback replies meanwhile")),
            _ => ("open", ProbeResult.Degraded(TimeSpan.Zero, $"llm circuit open after {breaker.FailureThreshold} consecutive failures; the fallback replies meanwhile")),
        };
        details["circuit"] = state;
        return Task.FromResult(result with { Details = details });
    }
}
