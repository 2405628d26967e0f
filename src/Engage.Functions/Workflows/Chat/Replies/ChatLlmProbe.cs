using Engage.Functions.Health;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// The chat's model at <c>chat.llm</c> on <c>/api/health</c>: the generator (the model, or <c>local</c>) and the chat's
/// own circuit, reported as the meeting analyzer's is. It makes no call.
/// </summary>
public sealed class ChatLlmProbe(ChatLlm llm) : IHealthProbe
{
    public string Group => "chat";

    public string Name => "llm";

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(LlmCircuitProbe.Report(llm.Model.Name, llm.Breaker?.State, llm.Breaker?.FailureThreshold, "the fallback replies meanwhile"));
}
