namespace Engage.Functions.Tests.Discovery;

/// <summary>One row to put into a chat-history table.</summary>
public sealed record ChatMessage(string SessionId, string Type, string Content, DateTimeOffset? CreatedAt = null)
{
    public string Json => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = Type,
        ["content"] = Content,
        ["additional_kwargs"] = new Dictionary<string, object>(),
        ["response_metadata"] = new Dictionary<string, object>(),
    });
}
