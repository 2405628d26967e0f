using System.Globalization;
using Engage.Functions.Hosting;
using Engage.Functions.Timers;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>
/// The real app as the Functions host runs it (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set), on the test run's
/// Azurite with a task hub of its own, plus any timers a test adds. Every host setting is set here, so a
/// developer's own local.settings.json cannot change what a test sees.
/// </summary>
public sealed class CustomHandlerAppFactory(AzuriteServer azurite, bool customHandler = true, params (string Key, string Value)[] settings)
    : AppOnAzuriteFactory(azurite)
{
    public IList<ITimerFunction> Timers { get; } = [];

    // Standalone, the app checks keys itself unless in local development, as tests that compare with it run.
    protected override string FunctionsEnvironment => customHandler ? "Production" : FunctionsHostOptions.DevelopmentEnvironment;

    protected override string CustomHandlerPort => customHandler ? FreePorts.Next().ToString(CultureInfo.InvariantCulture) : string.Empty;

    protected override IEnumerable<(string Key, string Value)> FeatureSettings => settings;

    protected override void ConfigureServices(IServiceCollection services)
    {
        foreach (var timer in Timers)
        {
            services.AddSingleton(timer);
        }
    }
}
