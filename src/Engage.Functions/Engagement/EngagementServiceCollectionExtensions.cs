using Engage.Functions.Engagement.Api;
using Engage.Functions.Engagement.Idempotency;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Orchestration;
using Engage.Functions.Engagement.Retention;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Http;
using Engage.Functions.Timers;

namespace Engage.Functions.Engagement;

public static class EngagementServiceCollectionExtensions
{
    /// <summary>Everything of the engagement feature but its orchestration, which the task hub registers.</summary>
    public static IServiceCollection AddEngagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(EngagementOptions.From(configuration));
        services.AddMeetingSources(configuration);
        services.AddMeetingAnalyzer(configuration);
        services.AddSingleton<EngagementAggregationOrchestrator>();
        services.AddSingleton<EngagementRunStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<EngagementRunStarter>();
        services.AddSingleton<IEndpointModule, EngagementEndpoints>();
        services.AddSingleton<ITimerFunction, EngagementRetentionTimer>();
        return services;
    }
}
