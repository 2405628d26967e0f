using Engage.Functions.Storage;
using Engage.LocalHost;
using Engage.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Bench;

/// <summary>
/// The app in process as a bench runs it: on the bench's Azurite with the pinned test settings (the timers off, no
/// outside service) and a task hub of its own, on a free loopback port, without log providers, since the host's log
/// lines would bury the JSON.
/// </summary>
internal static class BenchApp
{
    /// <param name="settings">Settings on top of the pinned ones.</param>
    /// <param name="changeServices">Swaps made after the app's own registrations.</param>
    public static async Task<WebApplication> StartAsync(
        AzuriteServer azurite, IEnumerable<(string Key, string? Value)> settings, Action<IServiceCollection>? changeServices, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--contentRoot", EmptyContentRoot.Path,
            .. AppSettings.Pinned.With(
                [
                    (StorageConnection.Setting, azurite.ConnectionString),
                    (LocalHostFactory.HubNameSetting, "bench" + Guid.NewGuid().ToString("N")[..12]),
                    .. settings,
                ])
                .SelectMany(s => new[] { $"--{s.Key}", s.Value ?? string.Empty }),
        ];
        var app = LocalFunctionsHost.Build(args, services =>
        {
            services.RemoveAll<ILoggerProvider>();
            changeServices?.Invoke(services);
        });
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };
}
