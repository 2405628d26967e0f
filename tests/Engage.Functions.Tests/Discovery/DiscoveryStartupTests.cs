using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Engage.Functions.Discovery.Timer;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Discovery;

public sealed class DiscoveryStartupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Storage_that_times_out_at_start_up_is_logged_and_the_host_keeps_running()
    {
        // A table endpoint that accepts connections and never answers: the SDK gives up at its network timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/devstoreaccount1";
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(300);
        var connection = string.Join(';', azurite.Server.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("TableEndpoint=", StringComparison.Ordinal)).Append("TableEndpoint=" + endpoint));
        await using var app = new DiscoveryAppFactory(azurite.Server, [])
        {
            ServiceChanges = services => services.AddSingleton(new TableServiceClient(connection, options)),
        };
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!stopping.IsCancellationRequested && !app.Logs.Entries.Any(IsStartupFailure) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);

        Assert.False(stopping.IsCancellationRequested, "the host is stopping");
        var logged = Assert.Single(app.Logs.Entries, IsStartupFailure);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.IsAssignableFrom<OperationCanceledException>(logged.Exception);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Error && e.Category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal));
    }

    private static bool IsStartupFailure(CapturedLogEntry entry) =>
        entry.Category == typeof(DiscoveryStartup).FullName && entry.Exception is not null;
}
