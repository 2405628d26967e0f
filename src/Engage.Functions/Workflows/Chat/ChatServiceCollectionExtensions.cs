using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Chat.Threads;

namespace Engage.Functions.Workflows.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>The workflow chat (docs/workflow-chat.md): its threads, and the replier that writes the assistant's replies.</summary>
    public static IServiceCollection AddWorkflowChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChatThreads(configuration);
        services.AddChatReplies(configuration);
        return services;
    }
}
