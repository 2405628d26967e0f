using Engage.Functions.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Chat.Threads;

public static class ChatThreadsServiceCollectionExtensions
{
    /// <summary>
    /// The chat threads: store, routes, idle timer and the <c>chat.sessions</c> health probe. The
    /// <see cref="IChatReplier"/> is registered by the replies (<c>AddChatReplies</c>) and resolved only when a message
    /// is sent, so the app starts, and threads are read and completed, without one.
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
