using Engage.Functions.Health;
using Engage.Functions.Llm;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Workflows.Chat.Replies;

public static class ChatRepliesServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IChatReplier"/>: the OpenAI model (OPENAI_* settings, as the meeting analysis) behind the chat's own
    /// breaker when an LLM is configured, the local responder otherwise; the tools, and the <c>chat.llm</c> health probe.
    /// Settings are read now, so a bad value stops the start. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddChatReplies(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IChatReplier)))
        {
            return services;
        }

        var settings = OpenAiSettings.From(configuration);
        var options = ChatReplyOptions.From(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ChatGrounding>();
        services.AddSingleton<ChatToolRunner>();
        if (settings.IsConfigured)
        {
            var resilience = LlmResilienceOptions.From(configuration);
            services.AddSingleton(sp => ChatLlm.Remote(
                new OpenAiChatModel(OpenAiChatClientFactory.Create(settings, resilience.AttemptTimeout), settings.Model),
                resilience,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ChatLlm>>()));
        }
        else
        {
            services.AddSingleton(sp => ChatLlm.Local(new LocalChatResponder(options, sp.GetRequiredService<TimeProvider>())));
        }

        services.AddSingleton<IChatReplier, ChatReplier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, ChatLlmProbe>());
        return services;
    }
}
