using Engage.Durable.Client;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Tests;

/// <summary>A running worker and client on a task hub of its own, on the shared Azurite.</summary>
public sealed class DurableHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableHost(IHost host, string hubName, CollectingLoggerProvider logs)
    {
        _host = host;
        HubName = hubName;
        Logs = logs;
    }

    public string HubName { get; }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public IServiceProvider Services => _host.Services;

    public CollectingLoggerProvider Logs { get; }

    public static async Task<DurableHost> StartAsync(
        AzuriteServer azurite,
        Action<DurableTaskRegistry> register,
        Action<DurableTaskOptions>? configure = null,
        string? hubName = null,
        Action<IServiceCollection>? services = null)
    {
        hubName ??= "h" + Guid.NewGuid().ToString("N")[..12];
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableTask(azurite.ConnectionString, register, options =>
        {
            options.HubName = hubName;
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.CreateTaskHubIfNotExistsAsync();
        await host.StartAsync();
        return new DurableHost(host, hubName, logs);
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input);
        return await WaitAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
    }

    /// <summary>Stops the worker, giving in-flight work at most <paramref name="grace"/> to finish.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        using var deadline = new CancellationTokenSource(grace);
        await _host.StopAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
