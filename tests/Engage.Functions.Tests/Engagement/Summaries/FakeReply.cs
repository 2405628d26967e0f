using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Engagement.Summaries;

/// <summary>One scripted answer of <see cref="FakeOpenAiServer"/>.</summary>
public sealed record FakeReply(int Status, string? Content, IReadOnlyDictionary<string, string> Headers)
{
    public string FinishReason { get; init; } = "stop";

    public TimeSpan Delay { get; init; }

    public static FakeReply Analysis(JsonObject lists) => Text(lists.ToJsonString());

    /// <summary>A 200 whose message content is exactly <paramref name="content"/>, valid JSON or not.</summary>
    public static FakeReply Text(string content) => new(200, content, new Dictionary<string, string>());

    public static FakeReply Failure(int status, params (string Name, string Value)[] headers) =>
        new(status, null, headers.ToDictionary(h => h.Name, h => h.Value));
}
