using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Llm;

/// <summary>A tool call a streamed reply of <see cref="FakeOpenAiServer"/> makes, its arguments sent in fragments as OpenAI does.</summary>
public sealed record FakeToolCall(string Id, string Name, JsonObject Arguments);

/// <summary>One scripted answer of <see cref="FakeOpenAiServer"/>.</summary>
public sealed record FakeReply(int Status, string? Content, IReadOnlyDictionary<string, string> Headers)
{
    public string FinishReason { get; init; } = "stop";

    /// <summary>Before the answer's headers, so for a stream the wait for its first chunk.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For a streamed reply: the content deltas, one chunk each.</summary>
    public IReadOnlyList<string> Deltas { get; init; } = [];

    /// <summary>For a streamed reply: the tool calls, after the deltas.</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a streamed reply: the stream sends this many chunks, then nothing more, until the client gives up.</summary>
    public int? StallAfter { get; init; }

    public static FakeReply Analysis(JsonObject lists) => Text(lists.ToJsonString());

    /// <summary>A 200 whose message content is exactly <paramref name="content"/>, valid JSON or not.</summary>
    public static FakeReply Text(string content) => new(200, content, new Dictionary<string, string>());

    public static FakeReply Failure(int status, params (string Name, string Value)[] headers) =>
        new(status, null, headers.ToDictionary(h => h.Name, h => h.Value));

    /// <summary>A streamed reply of <paramref name="deltas"/>, each a chunk.</summary>
    public static FakeReply Stream(params string[] deltas) => new(200, string.Concat(deltas), new Dictionary<string, string>()) { Deltas = deltas };

    /// <summary>A streamed reply that asks for <paramref name="calls"/> (finish reason <c>tool_calls</c>).</summary>
    public static FakeReply Calls(params FakeToolCall[] calls) =>
        new(200, null, new Dictionary<string, string>()) { ToolCalls = calls, FinishReason = "tool_calls" };
}
