using Engage.Functions.Llm;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Engagement.Summaries;

public static class MeetingAnalyzerServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IMeetingAnalyzer"/>: the LLM behind <see cref="ResilientMeetingAnalyzer"/> when an OpenAI key,
    /// base URL or Azure credential is configured, the heuristic alone otherwise. Settings are read now, so a
    /// bad value stops the start with a message rather than failing the first run. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddMeetingAnalyzer(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IMeetingAnalyzer)))
        {
            return services;
        }

        var settings = OpenAiSettings.From(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HeuristicMeetingAnalyzer>();
        if (!settings.IsConfigured)
        {
            services.AddSingleton<IMeetingAnalyzer>(sp => sp.GetRequiredService<HeuristicMeetingAnalyzer>());
            services.Replace(ServiceDescriptor.Singleton(MeetingAnalyzerStatus.HeuristicOnly));
            return services;
        }

        var resilience = LlmResilienceOptions.From(configuration);
        services.AddSingleton(sp => new ConsecutiveFailureCircuitBreaker(
            resilience.FailureThreshold,
            resilience.BreakDuration,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConsecutiveFailureCircuitBreaker>>()));
        services.AddSingleton(_ => new OpenAiMeetingAnalyzer(OpenAiChatClientFactory.Create(settings, resilience.AttemptTimeout), settings.Model));
        services.AddSingleton<IMeetingAnalyzer>(sp => new ResilientMeetingAnalyzer(
            sp.GetRequiredService<OpenAiMeetingAnalyzer>(),
            sp.GetRequiredService<HeuristicMeetingAnalyzer>(),
            sp.GetRequiredService<ConsecutiveFailureCircuitBreaker>(),
            resilience,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ResilientMeetingAnalyzer>>()));
        services.Replace(ServiceDescriptor.Singleton(sp => new MeetingAnalyzerStatus(settings.Model, sp.GetRequiredService<ConsecutiveFailureCircuitBreaker>())));
        return services;
    }
}
