using System.Text.RegularExpressions;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>Something a chat message can ask for that the assistant can do: a tool, or a saved action through <c>execute_saved_action</c>.</summary>
/// <param name="Id">The tool name, or the saved action's id.</param>
/// <param name="Label">What it does, for a reply.</param>
public sealed record ChatIntent(string Id, string Label);

/// <summary>
/// The one keyword table that maps a message to what it asks for, shared by the local responder (which acts on it)
/// and the fallback (which only lists it): no twin tables that drift apart (docs/workflow-chat-breaker.md).
/// </summary>
public static class ChatIntents
{
    public static readonly ChatIntent DraftEmail = new(ChatTools.DraftEmail, "draft an email (saved as an email_draft artifact)");
    public static readonly ChatIntent CreateTask = new(ChatTools.CreateTask, "create a task");
    public static readonly ChatIntent Snooze = new("snooze", "snooze this workflow");
    public static readonly ChatIntent Escalate = new("escalate", "escalate this workflow");
    public static readonly ChatIntent Schedule = new("schedule", "schedule a follow-up");
    public static readonly ChatIntent ReadContext = new(ChatTools.ReadContext, "read the customer context");

    /// <summary>Each intent with the words that signal it, in the order a reply lists them.</summary>
    private static readonly (ChatIntent Intent, Regex Cues)[] Table =
    [
        (DraftEmail, Cues("email", "e-mail", "mail", "draft", "write to", "reach out")),
        (CreateTask, Cues("task", "todo", "to-do", "remind me", "reminder", "action item")),
        (Snooze, Cues("snooze", "postpone", "defer", "later", "pause")),
        (Escalate, Cues("escalate", "escalation", "urgent", "manager")),
        (Schedule, Cues("schedule", "follow up", "follow-up", "book", "calendar")),
        (ReadContext, Cues("context", "status", "renewal", "health", "arr", "risk", "risks", "goal", "goals", "who", "summary", "summarize")),
    ];

    public static IReadOnlyList<ChatIntent> All { get; } = [.. Table.Select(t => t.Intent)];

    /// <summary>What <paramref name="message"/> asks for, in table order; empty when nothing matches.</summary>
    public static IReadOnlyList<ChatIntent> Classify(string message) =>
        [.. Table.Where(t => t.Cues.IsMatch(message)).Select(t => t.Intent)];

    private static Regex Cues(params string[] words) =>
        new($@"\b(?:{string.Join('|', words.Select(Regex.Escape))})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
