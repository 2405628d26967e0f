using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Index;

namespace Engage.Functions.Discovery.Api;

/// <summary>A conversation as the API serves it (snake_case, like the rest of the feature's answers).</summary>
public static class ConversationJson
{
    public static JsonObject ToJson(ConversationEntity conversation) => new()
    {
        ["client"] = conversation.Client,
        ["crew"] = conversation.Crew,
        ["session_id"] = conversation.SessionId,
        ["message_count"] = conversation.MessageCount,
        ["human_messages"] = conversation.HumanCount,
        ["ai_messages"] = conversation.AiCount,
        ["first_message_id"] = conversation.FirstMessageId,
        ["last_message_id"] = conversation.LastMessageId,
        ["first_message_at"] = conversation.FirstMessageAt,
        ["last_message_at"] = conversation.LastMessageAt,
        ["last_activity_at"] = conversation.LastActivityAt,
        ["last_message_type"] = conversation.LastMessageType,
        ["preview"] = conversation.Preview,
        ["indexed_at"] = conversation.IndexedAt,
    };
}
