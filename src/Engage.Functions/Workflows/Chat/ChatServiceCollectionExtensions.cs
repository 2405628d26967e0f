using Engage.Functions.Workflows.Chat.Replies;

namespace Engage.Functions.Workflows.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>The workflow chat (docs/workflow-chat-replies.md): its threads, and the replier that writes the assistant's replies.</summary>
    public static IServiceCollection AddWorkflowChat(this IServiceCollection services, IConfiguration configuration) =>
        services.AddChatReplies(configuration);
}
