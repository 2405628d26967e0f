using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Engagement.Meetings;

public static class MeetingSourceServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IMeetingSource"/>: Fathom when <c>FATHOM_API_KEY</c> is set, else the bundled demo dataset.
    /// </summary>
    /// <exception cref="InvalidOperationException">A Fathom setting has a value Engage cannot use.</exception>
    public static IServiceCollection AddMeetingSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var fathom = FathomOptions.From(configuration);
        if (!fathom.IsConfigured)
        {
            services.TryAddSingleton<IMeetingSource, FixtureMeetingSource>();
            return services;
        }

        services.TryAddSingleton(fathom);

        // One limiter per process: Fathom's budget is per account, shared by every run in flight.
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<FathomOptions>();
            return new FathomRateLimiter(options.RequestsPerWindow, options.RateLimitWindow, provider.GetRequiredService<TimeProvider>());
        });

        // Polly's per-attempt timeout owns timing; HttpClient's own 100 s limit would cut across it. Redirects are
        // not followed: HttpClient drops Authorization on a redirect but would resend X-Api-Key wherever a 3xx points.
        services.AddHttpClient(FathomMeetingSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false })
            .RedactLoggedHeaders([FathomMeetingSource.ApiKeyHeader]);
        services.TryAddSingleton<IMeetingSource, FathomMeetingSource>();
        return services;
    }
}
