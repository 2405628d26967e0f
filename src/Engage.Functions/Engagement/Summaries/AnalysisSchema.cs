using System.Text.Json;
using Engage.Functions.Llm;
using OpenAI.Chat;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// The structured output the LLM must produce: an object of five string lists, strict (every property
/// required, nothing else allowed), and the check of what came back, since not every OpenAI-compatible
/// server enforces a schema.
/// </summary>
internal static class AnalysisSchema
{
    public const string Name = "meeting_analysis";

    private static readonly string[] Lists = ["themes", "goals", "challenges", "risks", "recommendations"];

    public static ChatResponseFormat ResponseFormat { get; } = ChatResponseFormat.CreateJsonSchemaFormat(
        Name,
        BinaryData.FromObjectAsJson(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = Lists.ToDictionary(list => list, _ => new { type = "array", items = new { type = "string" } }),
            ["required"] = Lists,
            ["additionalProperties"] = false,
        }),
        "Account-level findings from one meeting excerpt.",
        jsonSchemaIsStrict: true);

    /// <exception cref="LlmAnswerException">The answer is cut off, refused, or not the schema's JSON.</exception>
    public static MeetingAnalysis Parse(ChatCompletion completion, long meetingId, string generator)
    {
        if (completion.FinishReason == ChatFinishReason.Length)
        {
            throw new LlmAnswerException("answer cut off at the token limit");
        }

        if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new LlmAnswerException("answer withheld by the content filter");
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            throw new LlmAnswerException("the model refused");
        }

        var content = string.Concat(completion.Content.Select(part => part.Text));
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new LlmAnswerException("empty answer");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            throw new LlmAnswerException("answer is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LlmAnswerException("answer is not a JSON object");
            }

            var lists = Lists.Select(name => Read(document.RootElement, name)).ToArray();
            return new MeetingAnalysis(meetingId, lists[0], lists[1], lists[2], lists[3], lists[4], generator);
        }
    }

    private static IReadOnlyList<string> Read(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new LlmAnswerException($"answer has no '{name}' list");
        }

        var items = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new LlmAnswerException($"'{name}' holds an item that is not a string");
            }

            if (item.GetString()!.Trim() is { Length: > 0 } text)
            {
                items.Add(text);
            }
        }

        // The cap is asked for in the prompt, not guaranteed by it.
        return SentenceText.Distinct(items, HeuristicMeetingAnalyzer.MaxItems);
    }
}
