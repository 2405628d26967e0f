using System.Text;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>
/// The reply when the LLM failed or its circuit is open (docs/workflow-chat-breaker.md): says plainly that the
/// assistant is degraded and why, then lists what <see cref="ChatIntents"/> finds in the message (everything the chat
/// can do when it finds nothing) with how to run it. It runs no state-changing tool on a guess: a keyword is not
/// consent to snooze or escalate a customer's workflow.
/// </summary>
public static class ChatFallback
{
    public const string ModelName = "fallback";

    public static string Compose(ChatGroundingFacts grounding, string message, string reason)
    {
        var found = ChatIntents.Classify(message);
        var text = new StringBuilder($"The assistant is running in degraded mode: the language model is unavailable ({reason}). ");
        text.Append(found.Count > 0 ? "From your message I can: " : "I could not tell what you need from your message; I can: ");
        var intents = found.Count > 0 ? found : ChatIntents.All;
        text.AppendJoin("; ", intents.Select((intent, i) => $"{i + 1}. {intent.Label}, {HowTo(intent, grounding)}"));
        text.Append('.');
        if (grounding.RenewalDate is { } renewal)
        {
            text.Append($" Meanwhile: {grounding.CustomerName} renews on {renewal} ({grounding.DaysUntilRenewal} days, stage {grounding.RenewalStage}); step {grounding.StepName ?? grounding.StepId}: {grounding.StepGoal ?? "no goal stated"}.");
        }

        return text.ToString();
    }

    private static string HowTo(ChatIntent intent, ChatGroundingFacts grounding) => intent.Id switch
    {
        ChatTools.DraftEmail => $"with POST /api/workflows/artifacts {{\"workflowExecutionId\": \"{grounding.WorkflowExecutionId}\", \"type\": \"email_draft\", \"title\": ..., \"content\": {{\"subject\": ..., \"body\": ...}}}}",
        ChatTools.CreateTask => $"with POST /api/workflows/tasks {{\"workflowExecutionId\": \"{grounding.WorkflowExecutionId}\", \"stepId\": \"{grounding.StepId}\", \"title\": ...}}",
        ChatTools.ReadContext => $"with GET /api/workflows/context?workflowExecutionId={grounding.WorkflowExecutionId}",
        _ => $"with POST /api/workflows/actions/execute {{\"actionId\": \"{intent.Id}\", \"workflowExecutionId\": \"{grounding.WorkflowExecutionId}\", \"params\": ...}}",
    };
}
