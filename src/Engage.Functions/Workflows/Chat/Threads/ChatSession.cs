using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// The pure reducer of a thread's session state: <c>Apply(state, event) → state</c>, the version one higher each time.
/// Every write computes its new state here and stores the events with it, so replaying a thread's events from nothing
/// (<see cref="Replay"/>) gives exactly its stored state; a state row that fails its checksum is rebuilt that way.
/// </summary>
public static class ChatSession
{
    /// <summary>The actor of changes no person made: the idle timer, the assistant's reply.</summary>
    public const string SystemActor = "system";

    /// <param name="state">Null only before <see cref="ChatEventTypes.ThreadCreated"/>.</param>
    public static ChatSessionState Apply(ChatSessionState? state, ChatEvent e)
    {
        if (state is null)
        {
            return e.Type == ChatEventTypes.ThreadCreated
                ? new ChatSessionState(
                    e.Text("threadId")!, ChatStatus.Open, e.Text("customerId")!, e.Text("workflowExecutionId")!, e.Text("stepId")!, e.Text("title")!,
                    ChatSessionState.MainBranch, 0, 0, 0, 0, ChatGathered.None, false, null, e.At.ToUniversalTime(), e.At.ToUniversalTime(), null, 1)
                : throw new InvalidOperationException($"A thread's first event is {ChatEventTypes.ThreadCreated}, not {e.Type}.");
        }

        var at = e.At.ToUniversalTime();
        var next = state with { Version = state.Version + 1, LastActivityAt = at };
        return e.Type switch
        {
            ChatEventTypes.MessageReceived => next with { MessageCount = state.MessageCount + 1, CurrentBranchId = e.Text("branchId")! },
            ChatEventTypes.BranchStarted => next,
            ChatEventTypes.ReplyStarted => next with { Status = ChatStatus.Replying, ReplyingTo = e.Text("messageId") },
            ChatEventTypes.ToolCalled => next with
            {
                MessageCount = state.MessageCount + 1,
                ToolCallCount = state.ToolCallCount + 1,
                Gathered = Gather(state.Gathered, e.Data?["succeeded"]?.GetValue<bool>() == true ? e.Text("recordId") : null),
            },
            ChatEventTypes.ReplyCompleted or ChatEventTypes.FallbackReply => next with
            {
                Status = ChatStatus.Open,
                ReplyingTo = null,
                MessageCount = state.MessageCount + 1,
                PromptTokens = state.PromptTokens + e.Number("promptTokens"),
                CompletionTokens = state.CompletionTokens + e.Number("completionTokens"),
                Degraded = e.Type == ChatEventTypes.FallbackReply,
            },
            ChatEventTypes.Error => next with { Status = state.Status == ChatStatus.Replying ? ChatStatus.Open : state.Status, ReplyingTo = null },
            ChatEventTypes.ThreadCompleted => next with { Status = ChatStatus.Completed, CompletedAt = at },

            // Closing for idleness is no activity of the thread's: its last activity stays what made it idle.
            ChatEventTypes.ThreadClosed => next with { Status = ChatStatus.Closed, LastActivityAt = state.LastActivityAt },
            ChatEventTypes.ThreadReopened => next with { Status = ChatStatus.Open },
            _ => throw new InvalidOperationException($"'{e.Type}' is not a chat event type."),
        };
    }

    /// <summary>The state <paramref name="events"/> (a thread's, in order, from its creation) lead to.</summary>
    public static ChatSessionState Replay(IEnumerable<ChatEvent> events) =>
        events.Aggregate((ChatSessionState?)null, Apply) ?? throw new InvalidOperationException("A thread with no events has no state.");

    /// <summary>A record a tool made, filed by its kind; anything else (a context read) gathers nothing.</summary>
    private static ChatGathered Gather(ChatGathered gathered, string? recordId)
    {
        if (recordId is null)
        {
            return gathered;
        }

        static IReadOnlyList<string> Add(IReadOnlyList<string> ids, string id) => ids.Contains(id, StringComparer.Ordinal) ? ids : [.. ids, id];
        return gathered switch
        {
            _ when RecordId.TryGetCustomer(RecordId.Task, recordId, out _) => gathered with { TaskIds = Add(gathered.TaskIds, recordId) },
            _ when RecordId.TryGetCustomer(RecordId.Artifact, recordId, out _) => gathered with { ArtifactIds = Add(gathered.ArtifactIds, recordId) },
            _ when RecordId.TryGetCustomer(RecordId.ActionRun, recordId, out _) => gathered with { ActionRunIds = Add(gathered.ActionRunIds, recordId) },
            _ => gathered,
        };
    }
}
