namespace Engage.Functions.Tests.Discovery;

/// <summary>Generated conversations: alternating human and ai messages, interleaved across sessions as they arrive live.</summary>
public static class Conversations
{
    public static IReadOnlyList<ChatMessage> Generate(int count, int messagesEach, string prefix = "s")
    {
        var messages = new List<ChatMessage>(count * messagesEach);
        for (var turn = 0; turn < messagesEach; turn++)
        {
            for (var i = 0; i < count; i++)
            {
                messages.Add(Message(SessionId(prefix, i), turn));
            }
        }

        return messages;
    }

    public static string SessionId(string prefix, int i) => $"{prefix}-{i:D6}";

    public static ChatMessage Message(string sessionId, int turn) =>
        new(sessionId, turn % 2 == 0 ? "human" : "ai", turn % 2 == 0 ? $"question {turn} of {sessionId}" : $"answer {turn} for {sessionId}");
}
