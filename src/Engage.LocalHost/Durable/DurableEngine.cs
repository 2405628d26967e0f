using DurableTask.AzureStorage;
using DurableTask.Core;

namespace Engage.LocalHost.Durable;

/// <summary>
/// The Durable Task engine on the Azure Storage provider, as Durable Functions runs it: the task hub's tables,
/// queues and lease blobs in the app's storage account, and a worker dispatching the app's orchestrations and
/// activities. Start-up waits for storage in the background, so the app serves health checks meanwhile.
/// </summary>
public sealed partial class DurableEngine : IHostedService, IAsyncDisposable
{
    /// <summary>How long a stop waits for running orchestration episodes and activities before cancelling them.</summary>
    public static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(20);

    private readonly TaskHubWorker _worker;
    private readonly TaskHubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DurableEngine> _logger;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stopGate = new();
    private Task _starting = Task.CompletedTask;
    private Task? _stop;
    private int _disposed;

    /// <param name="orchestrations">Where the worker looks orchestrations up by name.</param>
    /// <param name="activities">Where the worker looks activities up by name.</param>
    public DurableEngine(
        TaskHubOptions options,
        StorageAccountClientProvider storage,
        INameVersionObjectManager<TaskOrchestration> orchestrations,
        INameVersionObjectManager<TaskActivity> activities,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<DurableEngine>();
        Service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName,
            StorageAccountClientProvider = storage,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueBatchSize = options.ControlQueueBatchSize,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestratorFunctions,
            ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            UseTablePartitionManagement = options.UseTablePartitionManagement,
            // Unique per engine: partitions are leased by worker id, and two engines of one process must not share one.
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
            LoggerFactory = loggerFactory,
        });
        _worker = new TaskHubWorker(Service, orchestrations, activities, loggerFactory)
        {
            // The Microsoft.DurableTask shims report failures as FailureDetails, not serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
    }

    public AzureStorageOrchestrationService Service { get; }

    public string HubName => _options.HubName;

    /// <summary>Cancelled when a stop has waited <see cref="GracefulStop"/> for running work; activities get it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Completes once the task hub exists, so a client never writes to a hub that is not there yet.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(() => StartWhenStorageIsUpAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops once, however often it is asked (the host stops it, disposal makes sure of it).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            return _stop ??= StopOnceAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Once, though the container holds the engine both as itself and as a hosted service; after any stop in
    /// progress, since the worker cannot be disposed under its own feet.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _worker.Dispose();
        _stopping.Dispose();
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        if (!_ready.Task.IsCompleted)
        {
            // A start still waiting for storage gives up; one that got as far as starting the worker is stopped below.
            await _stopping.CancelAsync();
            await _starting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_ready.Task.IsCompleted)
            {
                return;
            }
        }

        using var forced = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        forced.CancelAfter(GracefulStop);
        await using var registration = forced.Token.Register(_stopping.Cancel);
        await _worker.StopAsync(isForced: false);
    }

    private async Task StartWhenStorageIsUpAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await Service.CreateIfNotExistsAsync();
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                await _worker.StartAsync();
                _ready.TrySetResult();
                LogStarted(_options.HubName, _options.PartitionCount, _options.MaxQueuePollingInterval.TotalSeconds);
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogStorageUnavailable(_options.HubName, delay.TotalSeconds, e);
                await Task.Delay(delay, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable task hub {Hub} started ({Partitions} partitions, queue polling backs off to {PollSeconds} s)")]
    private partial void LogStarted(string hub, int partitions, double pollSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable task hub {Hub} could not be created yet; retrying in {Seconds} s")]
    private partial void LogStorageUnavailable(string hub, double seconds, Exception exception);
}
