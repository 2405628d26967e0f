using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// The model when no LLM is configured, so the chat works offline (docs/workflow-chat-local.md). Deterministic: on the
/// user's message it asks for the tools <see cref="ChatIntents"/> finds (an email draft composed from the grounding,
/// a task, a saved action with set params, the context); once they answered it writes a reply naming what they did.
/// The text streams word by word with <see cref="ChatReplyOptions.LocalTokenDelay"/> between words.
/// </summary>
public sealed class LocalChatResponder(ChatReplyOptions options, TimeProvider timeProvider) : IChatModel
{
    public const string ModelName = "local";

    public string Name => ModelName;

    public async IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = request.Messages[^1];
        string text;
        if (last.Role == "user")
        {
            var intents = ChatIntents.Classify(last.Content);
            var calls = request.Tools.Count == 0 ? [] : Calls(request.Grounding, last.Content, intents);
            if (calls.Count > 0)
            {
                yield return new ChatModelUpdate(ToolCalls: calls);
                yield break;
            }

            text = Overview(request.Grounding);
        }
        else
        {
            text = AfterTools(request.Messages);
        }

        foreach (var word in Words(text))
        {
            if (options.LocalTokenDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.LocalTokenDelay, timeProvider, cancellationToken);
            }

            yield return new ChatModelUpdate(Text: word);
        }

        // Rough counts (a token is about four characters), so the thread's totals move offline too.
        yield return new ChatModelUpdate(PromptTokens: request.Messages.Sum(m => m.Content.Length) / 4, CompletionTokens: text.Length / 4);
    }

    /// <summary>The reply's words, each with the space before it, so that the deltas add up to the text.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == ' ' && text[i - 1] != ' ')
            {
                yield return text[start..i];
                start = i;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private List<ChatModelToolCall> Calls(ChatGroundingFacts grounding, string message, IReadOnlyList<ChatIntent> intents)
    {
        var now = timeProvider.GetUtcNow();
        var followUp = new DateTimeOffset(now.UtcDateTime.Date.AddDays(3).AddHours(9), TimeSpan.Zero);
        var calls = new List<ChatModelToolCall>();
        foreach (var intent in intents)
        {
            JsonObject? arguments = intent.Id switch
            {
                ChatTools.DraftEmail => Email(grounding),
                ChatTools.CreateTask => new JsonObject
                {
                    ["title"] = Shorten($"Follow up: {grounding.StepName ?? grounding.StepId} for {grounding.CustomerName}", 200),
                    ["description"] = Shorten($"From the chat: {message}", 4000),
                    ["dueAt"] = followUp.ToString("O", CultureInfo.InvariantCulture),
                },
                "snooze" => Action("snooze", new JsonObject { ["until"] = followUp.AddDays(4).ToString("O", CultureInfo.InvariantCulture) }),
                "escalate" => Action("escalate", new JsonObject { ["reason"] = Shorten(message, 500) }),
                "schedule" => Action("schedule", new JsonObject { ["at"] = followUp.ToString("O", CultureInfo.InvariantCulture), ["note"] = Shorten(message, 1000) }),
                ChatTools.ReadContext when intents.Count == 1 => [],
                _ => null,
            };
            if (arguments is not null)
            {
                var name = intent.Id is "snooze" or "escalate" or "schedule" ? ChatTools.ExecuteSavedAction : intent.Id;
                calls.Add(new ChatModelToolCall($"local_{calls.Count}", name, arguments.ToJsonString()));
            }
        }

        return calls;
    }

    private static JsonObject Action(string actionId, JsonObject parameters) => new() { ["actionId"] = actionId, ["params"] = parameters };

    /// <summary>An email composed from the grounding: who, the renewal, the goals and risks the meetings raised.</summary>
    private static JsonObject Email(ChatGroundingFacts grounding)
    {
        var contact = grounding.Engagement?.People.FirstOrDefault();
        var body = new StringBuilder();
        body.AppendLine(CultureInfo.InvariantCulture, $"Hi {contact?.Name.Split(' ')[0] ?? "team"},");
        body.AppendLine();
        body.AppendLine(grounding.RenewalDate is { } renewal
            ? $"As we get closer to the {grounding.CustomerName} renewal on {renewal}, I would like to make sure we are on track with what matters most to you."
            : $"I would like to make sure we are on track with what matters most to {grounding.CustomerName}.");
        if (grounding.Engagement?.Goals.FirstOrDefault() is { } goal)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"In our recent meetings you set this goal: {goal}");
        }

        if (grounding.Engagement?.Risks.FirstOrDefault() is { } risk)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"We also heard a concern we want to address together: {risk}");
        }

        body.AppendLine();
        body.AppendLine("Could we find 30 minutes this week to review progress and next steps?");
        body.AppendLine();
        body.Append("Best regards");
        var email = new JsonObject
        {
            ["subject"] = Shorten($"{grounding.CustomerName}: {(grounding.RenewalDate is null ? "checking in" : "renewal check-in")}", 200),
            ["body"] = body.ToString(),
        };
        if (contact is not null)
        {
            email["to"] = new JsonArray(contact.Email);
        }

        return email;
    }

    private static string Overview(ChatGroundingFacts grounding)
    {
        var text = new StringBuilder($"{grounding.CustomerName}: ");
        text.Append(grounding.RenewalDate is { } renewal
            ? $"renewal on {renewal} ({grounding.DaysUntilRenewal} days, stage {grounding.RenewalStage}), account plan {grounding.AccountPlan}, ARR trend {grounding.ArrTrend ?? "unknown"}. "
            : $"no renewal date on record, account plan {grounding.AccountPlan}. ");
        text.Append(CultureInfo.InvariantCulture, $"This step ({grounding.StepName ?? grounding.StepId}) aims to {grounding.StepGoal ?? "move the workflow on"}. ");
        if (grounding.Engagement?.Goals.FirstOrDefault() is { } goal)
        {
            text.Append(CultureInfo.InvariantCulture, $"Their top goal: {goal} ");
        }

        if (grounding.Engagement?.Risks.FirstOrDefault() is { } risk)
        {
            text.Append(CultureInfo.InvariantCulture, $"Top risk: {risk} ");
        }

        text.Append(CultureInfo.InvariantCulture, $"Open tasks: {grounding.OpenTasks.Count}. ");
        text.Append("I can draft an email, create a task, snooze, escalate or schedule a follow-up: just ask.");
        return text.ToString();
    }

    /// <summary>What the tool calls of this turn did, from their results (the messages after the user's).</summary>
    private static string AfterTools(IReadOnlyList<ChatModelMessage> messages)
    {
        var results = messages.Reverse().TakeWhile(m => m.Role != "user").Where(m => m.Role == "tool").Reverse().ToList();
        var calls = messages.Reverse().TakeWhile(m => m.Role != "user").SelectMany(m => m.ToolCalls ?? []).ToDictionary(c => c.Id);
        var lines = new List<string>();
        foreach (var result in results)
        {
            var call = result.ToolCallId is { } id ? calls.GetValueOrDefault(id) : null;
            var json = TryParse(result.Content);
            // A refusal is a problem, whose detail no record's JSON has at its top.
            var succeeded = json is not null && json["detail"] is null;
            lines.Add((call?.Name, succeeded) switch
            {
                (ChatTools.DraftEmail, true) => $"I drafted the email \"{(string?)json?["title"]}\" ({(string?)json?["id"]}); you will find it among the artifacts to review and send.",
                (ChatTools.CreateTask, true) => $"I created the task \"{(string?)json?["title"]}\" ({(string?)json?["id"]}).",
                (ChatTools.ExecuteSavedAction, true) => $"I ran {(string?)json?["actionRun"]?["actionId"]} on the workflow (run {(string?)json?["actionRun"]?["id"]}).",
                (ChatTools.ReadContext, true) => Context(json!),
                _ => $"{call?.Name ?? "A tool"} did not go through: {(string?)json?["detail"] ?? "no detail"}",
            });
        }

        return string.Join(" ", lines);
    }

    private static string Context(JsonNode context) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(string?)context["customer"]?["name"]}: health {context["customer"]?["healthScore"]?.ToJsonString() ?? "unknown"}, risk score {context["intelligence"]?["riskScore"]?.ToJsonString() ?? "unknown"}, {context["workflow"]?["daysUntilRenewal"]?.ToJsonString() ?? "unknown"} days to renewal ({(string?)context["workflow"]?["renewalStage"]}), ARR {context["data"]?["financials"]?["currentARR"]?.ToJsonString() ?? "unknown"}.");

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
