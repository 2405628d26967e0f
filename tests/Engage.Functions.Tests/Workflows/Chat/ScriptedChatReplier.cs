using System.Collections.Concurrent;
using Engage.Functions.Workflows.Chat;

namespace Engage.Functions.Tests.Workflows.Chat;

/// <summary>What the scripted replier does for one thread's turns.</summary>
/// <param name="Deltas">The reply's deltas; by default "Echo: " and the user's message.</param>
/// <param name="ToolCalls">The tool calls the reply reports.</param>
/// <param name="StreamTools">Report each tool call to the stream as it finishes, as a replier may.</param>
/// <param name="AfterFirstDelta">Awaited after the first delta: the test decides when the turn goes on.</param>
/// <param name="Delay">Waited before the reply is returned.</param>
/// <param name="Fail">Throw instead of replying.</param>
/// <param name="FallbackReason">Withdraw the deltas (reset) and answer <paramref name="FallbackDeltas"/> as the fallback, for this reason.</param>
public sealed record ChatScript(
    IReadOnlyList<string>? Deltas = null,
    IReadOnlyList<ChatToolCall>? ToolCalls = null,
    bool StreamTools = false,
    TaskCompletionSource? AfterFirstDelta = null,
    TimeSpan Delay = default,
    bool Fail = false,
    string? FallbackReason = null,
    IReadOnlyList<string>? FallbackDeltas = null);

/// <summary>
/// A test-only <see cref="IChatReplier"/>: per thread, streams the deltas its script gives, reports its tool calls,
/// or fails; it counts its calls and keeps the last turn it was given, so tests can tell how many turns reached it.
/// </summary>
public sealed class ScriptedChatReplier : IChatReplier
{
    public const int PromptTokens = 11;

    private readonly ConcurrentDictionary<string, ChatScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChatTurn> _turns = new(StringComparer.Ordinal);

    public void Script(string threadId, ChatScript script) => _scripts[threadId] = script;

    public int Calls(string threadId) => _calls.GetValueOrDefault(threadId);

    public ChatTurn? LastTurn(string threadId) => _turns.GetValueOrDefault(threadId);

    public async Task<ChatReply> ReplyAsync(ChatTurn turn, IChatReplyStream stream, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(turn.ThreadId, 1, (_, calls) => calls + 1);
        _turns[turn.ThreadId] = turn;
        var script = _scripts.GetValueOrDefault(turn.ThreadId) ?? new ChatScript();
        var deltas = script.Deltas ?? ["Echo: ", turn.History[^1].Content];
        for (var i = 0; i < deltas.Count; i++)
        {
            await stream.DeltaAsync(deltas[i], cancellationToken);
            if (i == 0 && script.AfterFirstDelta is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
        }

        if (script.Delay > TimeSpan.Zero)
        {
            await Task.Delay(script.Delay, cancellationToken);
        }

        if (script.Fail)
        {
            throw new InvalidOperationException("The scripted replier fails, as told.");
        }

        var calls = script.ToolCalls ?? [];
        if (script.StreamTools)
        {
            foreach (var call in calls)
            {
                await stream.ToolCalledAsync(call, cancellationToken);
            }
        }

        if (script.FallbackReason is { } reason)
        {
            await stream.ResetAsync(reason, cancellationToken);
            var fallback = script.FallbackDeltas ?? ["The assistant is running in degraded mode."];
            foreach (var delta in fallback)
            {
                await stream.DeltaAsync(delta, cancellationToken);
            }

            return new ChatReply(string.Concat(fallback), ChatReplySources.Fallback, 0, 0, calls, reason, "fallback");
        }

        return new ChatReply(string.Concat(deltas), ChatReplySources.Local, PromptTokens, deltas.Count, calls, null, "scripted");
    }
}
