using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Engage.Functions.Llm;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// Writes a turn's reply (docs/workflow-chat-replies.md): grounds it, runs the model → tools → model loop (at most
/// <see cref="ChatReplyOptions.MaxToolRounds"/> rounds, the last without tools) and streams the text as it comes.
/// Any LLM failure (status, timeout, a stream that stalls, an unusable answer, an open circuit) makes the fallback
/// answer the turn, after <see cref="IChatReplyStream.ResetAsync"/> when deltas went out; tool calls that ran before
/// the failure stay in the reply, since their effects happened. Only the caller's cancellation propagates.
/// </summary>
public sealed partial class ChatReplier(
    ChatGrounding grounding,
    ChatToolRunner tools,
    ChatLlm llm,
    ChatReplyOptions options,
    TimeProvider timeProvider,
    ILogger<ChatReplier> logger) : IChatReplier
{
    public async Task<ChatReply> ReplyAsync(ChatTurn turn, IChatReplyStream stream, CancellationToken cancellationToken)
    {
        var facts = await grounding.ReadAsync(turn, cancellationToken);
        var messages = History(turn.History);
        var reply = new ReplyDraft(stream);
        for (var round = 0; round < ChatReplyOptions.MaxToolRounds; round++)
        {
            var request = new ChatModelRequest(facts, [.. messages], round < ChatReplyOptions.MaxToolRounds - 1 ? ChatTools.All : []);
            Round answer;
            try
            {
                answer = await llm.CallAsync(token => RoundAsync(request, reply, token), cancellationToken);
            }
            catch (Exception e) when (llm.IsLlm && !cancellationToken.IsCancellationRequested)
            {
                return await FallbackAsync(turn, facts, reply, llm.Describe(e), cancellationToken);
            }

            if (answer.ToolCalls.Count == 0 || request.Tools.Count == 0)
            {
                break;
            }

            messages.Add(new ChatModelMessage("assistant", answer.Text, answer.ToolCalls));
            foreach (var call in answer.ToolCalls)
            {
                var done = await tools.RunAsync(turn, reply.ToolCalls.Count, call.Id, call.Name, call.Arguments, cancellationToken);
                reply.ToolCalls.Add(done);
                messages.Add(new ChatModelMessage("tool", done.Result?.ToJsonString() ?? "null", ToolCallId: call.Id));
            }
        }

        return new ChatReply(
            reply.Content.ToString(),
            llm.IsLlm ? ChatReplySources.Llm : ChatReplySources.Local,
            reply.PromptTokens,
            reply.CompletionTokens,
            reply.ToolCalls,
            null,
            llm.Model.Name);
    }

    /// <summary>The conversation as the model sees it; earlier turns' tool results become notes, as their calls are not replayed.</summary>
    private static List<ChatModelMessage> History(IReadOnlyList<ChatTurnMessage> history) =>
    [
        .. history.Select(m => m.Role switch
        {
            "user" => new ChatModelMessage("user", m.Content),
            "tool" => new ChatModelMessage("assistant", $"[{m.ToolName} result] {m.Content}"),
            _ => new ChatModelMessage("assistant", m.Content),
        }),
    ];

    private async Task<ChatReply> FallbackAsync(ChatTurn turn, ChatGroundingFacts facts, ReplyDraft reply, string reason, CancellationToken cancellationToken)
    {
        LogFallback(turn.ThreadId, reason);
        if (reply.Streamed)
        {
            await reply.Stream.ResetAsync(reason, cancellationToken);
        }

        var userMessage = turn.History.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;
        var text = ChatFallback.Compose(facts, userMessage, reason);
        await reply.Stream.DeltaAsync(text, cancellationToken);
        return new ChatReply(text, ChatReplySources.Fallback, reply.PromptTokens, reply.CompletionTokens, reply.ToolCalls, reason, ChatFallback.ModelName);
    }

    /// <summary>One model call, its text streamed as it comes; the usage and tool calls it ends with.</summary>
    private async Task<Round> RoundAsync(ChatModelRequest request, ReplyDraft reply, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        IReadOnlyList<ChatModelToolCall> calls = [];
        await foreach (var update in WatchedAsync(request, cancellationToken))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                // A later round's text is a new paragraph of the same reply.
                var delta = text.Length == 0 && reply.Content.Length > 0 ? "\n\n" + update.Text : update.Text;
                text.Append(update.Text);
                reply.Content.Append(delta);
                reply.Streamed = true;
                await reply.Stream.DeltaAsync(delta, cancellationToken);
            }

            calls = update.ToolCalls ?? calls;
            reply.PromptTokens += update.PromptTokens;
            reply.CompletionTokens += update.CompletionTokens;
        }

        if (text.Length == 0 && calls.Count == 0)
        {
            throw new LlmAnswerException("the reply was empty");
        }

        return new Round(text.ToString(), calls);
    }

    /// <summary>
    /// The model's stream under the chat's two timeouts: the first chunk within <see cref="ChatReplyOptions.FirstTokenTimeout"/>,
    /// each next one within <see cref="ChatReplyOptions.StreamIdleTimeout"/> of the last, so a stream that stalls mid-way fails.
    /// </summary>
    private async IAsyncEnumerable<ChatModelUpdate> WatchedAsync(ChatModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watchdog = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        await using var link = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), watchdog);
        watchdog.CancelAfter(options.FirstTokenTimeout);
        var updates = llm.Model.StreamAsync(request, watchdog.Token).GetAsyncEnumerator(watchdog.Token);
        await using (updates)
        {
            var first = true;
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync();
                }
                catch (Exception) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new ChatStreamStalledException(first
                        ? string.Create(CultureInfo.InvariantCulture, $"llm call failed: no first token within {options.FirstTokenTimeout.TotalSeconds:0.#} s")
                        : string.Create(CultureInfo.InvariantCulture, $"llm stream stalled: no chunk within {options.StreamIdleTimeout.TotalSeconds:0.#} s"));
                }

                if (!more)
                {
                    yield break;
                }

                first = false;
                watchdog.CancelAfter(options.StreamIdleTimeout);
                yield return updates.Current;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat thread {ThreadId}: the fallback replied ({Reason})")]
    private partial void LogFallback(string threadId, string reason);

    private sealed record Round(string Text, IReadOnlyList<ChatModelToolCall> ToolCalls);

    /// <summary>The reply as it builds up over the rounds of a turn.</summary>
    private sealed class ReplyDraft(IChatReplyStream stream)
    {
        public IChatReplyStream Stream => stream;

        public StringBuilder Content { get; } = new();

        public List<ChatToolCall> ToolCalls { get; } = [];

        public bool Streamed { get; set; }

        public int PromptTokens { get; set; }

        public int CompletionTokens { get; set; }
    }
}
