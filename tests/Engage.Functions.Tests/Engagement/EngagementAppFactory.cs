using Engage.Functions.Engagement.Meetings;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Engagement;

/// <summary>The real app in local development mode (no keys); tests may swap the meeting source or add settings.</summary>
public sealed class EngagementAppFactory(AzuriteServer azurite, IMeetingSource? meetings = null, params (string Key, string Value)[] settings)
    : AppOnAzuriteFactory(azurite)
{
    /// <summary>Extra service changes, applied last.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    protected override IEnumerable<(string Key, string Value)> FeatureSettings => settings;

    protected override void ConfigureServices(IServiceCollection services)
    {
        if (meetings is not null)
        {
            services.RemoveAll<IMeetingSource>();
            services.AddSingleton(meetings);
        }

        ExtraServices?.Invoke(services);
    }
}
