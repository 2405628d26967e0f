using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// A streamed send's events, written by the turn as it goes and read by the response's server-sent events
/// (<c>TypedResults.ServerSentEvents</c>): <c>delta</c> per token delta, <c>reset</c> when the deltas so far are
/// withdrawn, <c>tool</c> per finished tool call, then <c>done</c> with the stored answer, or <c>error</c>. The channel
/// is unbounded, so a client that reads slowly or hung up never holds the turn back: the turn is stored either way.
/// </summary>
public sealed class ChatStream : IChatReplyStream
{
    public const string Delta = "delta";
    public const string Reset = "reset";
    public const string Tool = "tool";
    public const string Done = "done";
    public const string Error = "error";

    private readonly Channel<SseItem<JsonNode>> _events = Channel.CreateUnbounded<SseItem<JsonNode>>(new UnboundedChannelOptions { SingleReader = true });
    private bool _toolsStreamed;

    /// <summary>The answer of a send made before, as one delta with the whole reply, then <c>done</c>.</summary>
    public static IAsyncEnumerable<SseItem<JsonNode>> Replay(JsonNode answer) => new[]
    {
        Item(Delta, new JsonObject { ["text"] = answer["message"]?["content"]?.GetValue<string>() ?? string.Empty }),
        new SseItem<JsonNode>(answer.DeepClone(), Done),
    }.ToAsyncEnumerable();

    public IAsyncEnumerable<SseItem<JsonNode>> ReadAllAsync(CancellationToken cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken);

    public ValueTask DeltaAsync(string text, CancellationToken cancellationToken) => Write(Delta, new JsonObject { ["text"] = text });

    public ValueTask ResetAsync(string reason, CancellationToken cancellationToken) => Write(Reset, new JsonObject { ["reason"] = reason });

    public ValueTask ToolCalledAsync(ChatToolCall call, CancellationToken cancellationToken)
    {
        _toolsStreamed = true;
        return Write(Tool, new JsonObject
        {
            ["toolName"] = call.Name,
            ["arguments"] = call.Arguments.DeepClone(),
            ["result"] = call.Result?.DeepClone(),
            ["durationMs"] = Math.Round(call.Duration.TotalMilliseconds, 1),
            ["succeeded"] = call.Succeeded,
            ["recordId"] = call.RecordId,
        });
    }

    /// <summary>The stored tool messages (unless the replier streamed its calls already), then the answer; the stream ends.</summary>
    public void Complete(IEnumerable<JsonObject> toolMessages, JsonObject answer)
    {
        if (!_toolsStreamed)
        {
            foreach (var message in toolMessages)
            {
                _ = Write(Tool, message.DeepClone());
            }
        }

        _ = Write(Done, answer.DeepClone());
        _events.Writer.TryComplete();
    }

    /// <summary>The turn failed: its problem as the last event.</summary>
    public void Fail(int status, string detail)
    {
        _ = Write(Error, new JsonObject { ["status"] = status, ["detail"] = detail });
        _events.Writer.TryComplete();
    }

    private static SseItem<JsonNode> Item(string type, JsonNode data) => new(data, type);

    private ValueTask Write(string type, JsonNode data)
    {
        _events.Writer.TryWrite(Item(type, data));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Where a turn's deltas go when the client did not ask for a stream: nowhere.</summary>
public sealed class NoChatStream : IChatReplyStream
{
    public static readonly NoChatStream Instance = new();

    public ValueTask DeltaAsync(string text, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ResetAsync(string reason, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
