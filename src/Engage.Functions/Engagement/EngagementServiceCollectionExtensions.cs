using Engage.Functions.Accounts;
using Engage.Functions.Engagement.Api;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Runs;
using Engage.Functions.Engagement.Staging;
using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Engagement;

public static class EngagementServiceCollectionExtensions
{
    /// <summary>The services the engagement functions, orchestration activities and retention timer use.</summary>
    public static IServiceCollection AddEngagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(EngagementOptions.From(configuration));
        services.AddMeetingSources(configuration);
        services.AddMeetingAnalyzer(configuration);
        services.AddSingleton<EngagementRunStore>();
        services.AddSingleton<RunStatusSync>();
        services.AddSingleton<RunStaging>();
        services.AddSingleton<EngagementRunStarter>();
        services.AddSingleton<IAccountEngagement, AccountEngagementReader>();
        return services;
    }
}
