using System.Text.Json.Serialization;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// What the HTTP side asks of a running execution, raised to its orchestration as the external event
/// <see cref="ExecutionCommands.EventName"/>. The orchestration applies commands in the order they arrive.
/// </summary>
/// <param name="Kind">One of <see cref="ExecutionCommandKind"/>.</param>
/// <param name="CommandId">Unique per command, so the events and the action run it causes can be matched to it.</param>
/// <param name="StepId">The step a step command is about; null for the current step.</param>
/// <param name="Until">Until when to snooze, or when a follow-up is due.</param>
/// <param name="Chat">For a step completed through its chat thread, the chat's totals, which the step keeps.</param>
public sealed record ExecutionCommand(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("commandId")] string CommandId,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("stepId")] string? StepId = null,
    [property: JsonPropertyName("until")] DateTimeOffset? Until = null,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("chat")] StepChat? Chat = null);

/// <summary>A step's chat as its thread left it when it completed the step (docs/workflow-chat-complete.md).</summary>
/// <param name="DurationSeconds">From the thread's creation to its completion.</param>
public sealed record StepChat(
    [property: JsonPropertyName("threadId")] string ThreadId,
    [property: JsonPropertyName("messageCount")] int MessageCount,
    [property: JsonPropertyName("promptTokens")] int PromptTokens,
    [property: JsonPropertyName("completionTokens")] int CompletionTokens,
    [property: JsonPropertyName("durationSeconds")] double DurationSeconds);

public static class ExecutionCommandKind
{
    public const string CompleteStep = "complete_step";
    public const string SkipStep = "skip_step";
    public const string Snooze = "snooze";
    public const string Escalate = "escalate";
    public const string ScheduleFollowUp = "schedule_follow_up";
    public const string Complete = "complete";
    public const string Cancel = "cancel";
}
