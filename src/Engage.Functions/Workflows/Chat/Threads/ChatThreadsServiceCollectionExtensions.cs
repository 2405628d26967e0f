using Engage.Functions.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Chat.Threads;

public static class ChatThreadsServiceCollectionExtensions
{
    /// <summary>
    /// The chat threads: store, routes, idle timer and the <c>chat.sessions</c> health probe. The sends' <see cref="IChatReplier"/>
    /// comes from the replies (<c>AddChatReplies</c>, beside this in <c>AddWorkflowChat</c>).
    /// </summary>
    public static IServiceCollection AddChatThreads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ChatThreadOptions.From(configuration));
        services.AddSingleton<ChatSessionHealth>();
        services.AddSingleton<ChatThreadStore>();
        services.AddSingleton<ChatThreadAccess>();
        services.AddSingleton<ChatThreads>();
        services.AddSingleton<ChatSends>();
        services.AddSingleton<ChatCompletion>();
        services.AddSingleton<ChatIdleCloser>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, ChatSessionsProbe>());
        return services;
    }
}
