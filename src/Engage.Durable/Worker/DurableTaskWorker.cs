using System.Collections.Concurrent;
using Azure;
using Engage.Durable.Storage;
using Engage.Storage.Queues;
using Engage.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Worker;

/// <summary>
/// Polls the hub's control queues and its work-item queue, runs episodes and activities with
/// bounded concurrency, and on shutdown stops taking work and finishes what it holds. Any
/// number of workers may share a hub.
/// </summary>
internal sealed partial class DurableTaskWorker(
    TaskHub hub,
    OrchestrationProcessor orchestrations,
    ActivityProcessor activities,
    Outbox outbox,
    EngineHooks hooks,
    TimeProvider timeProvider,
    ILogger<DurableTaskWorker> logger) : BackgroundService
{
    private const int MaxReceive = 32;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly InstanceLocks _instanceLocks = new();
    // Not disposed: a host may call StopAsync again after disposing its services, and neither
    // this source (no timer) nor the semaphores (no wait handle) hold anything to release.
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _orchestrationSlots = new(hub.Options.MaxConcurrentOrchestrations);
    private readonly SemaphoreSlim _activitySlots = new(hub.Options.MaxConcurrentActivities);
    private readonly SemaphoreSlim _workItemSlots = new(hub.Options.MaxConcurrentActivities);

    private DurableTaskOptions Options => hub.Options;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop polling first, then give in-flight work until the host's deadline to finish.
        await base.StopAsync(cancellationToken);
        var inFlight = Task.WhenAll(_inFlight.Keys);
        await Task.WhenAny(inFlight, Task.Delay(Timeout.Infinite, cancellationToken));
        if (!inFlight.IsCompleted)
        {
            LogAbandoned(_inFlight.Count);
        }

        // Whatever is still running stops renewing its messages, so they reappear for other
        // workers just as after a crash.
        await _abort.CancelAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await CreateHubAsync(stoppingToken);
        LogStarted(Options.HubName, Options.PartitionCount);
        var loops = hub.ControlQueues.Select(q => PollAsync(q, _orchestrationSlots, Options.ControlQueueVisibilityTimeout, HandleControlBatch, stoppingToken))
            .Append(PollAsync(hub.WorkItems, _workItemSlots, Options.WorkItemVisibilityTimeout, HandleWorkItems, stoppingToken));
        await Task.WhenAll(loops);
    }

    /// <summary>Storage may come up after the app (or be down for a while); wait for it instead of failing the host.</summary>
    private async Task CreateHubAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await hub.CreateIfNotExistsAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHubUnavailable(Options.HubName, delay.TotalSeconds, e);
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task PollAsync(
        QueueClient queue,
        SemaphoreSlim slots,
        TimeSpan visibility,
        Func<QueueClient, QueueMessage[], IEnumerable<Func<Task>>> handle,
        CancellationToken stoppingToken)
    {
        var backoff = new PollingBackoff(Options.MaxPollingInterval, timeProvider);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                slots.Release();
                var wanted = Math.Clamp(slots.CurrentCount, 1, MaxReceive);
                var received = (await queue.ReceiveMessagesAsync(wanted, visibility, stoppingToken)).Value;
                if (received.Length == 0)
                {
                    await backoff.WaitAsync(stoppingToken);
                    continue;
                }

                backoff.Reset();
                foreach (var work in handle(queue, received))
                {
                    await slots.WaitAsync(stoppingToken);
                    Track(work, slots);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogPollFailed(queue.Name, e);
                await Task.Delay(Options.MaxPollingInterval, timeProvider, CancellationToken.None);
            }
        }
    }

    private void Track(Func<Task> work, SemaphoreSlim slots)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            finally
            {
                slots.Release();
            }
        });
        _inFlight.TryAdd(task, 0);
        task.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    private IEnumerable<Func<Task>> HandleControlBatch(QueueClient queue, QueueMessage[] received)
    {
        var decoded = new List<(QueueMessage Raw, ControlMessage Message)>();
        foreach (var raw in received)
        {
            if (MessageCodec.TryDecode(raw.MessageText, MessageCodec.DecodeControl, e => LogUndecodable(raw.MessageId, e), out var message))
            {
                decoded.Add((raw, message));
            }
            else
            {
                yield return () => DeleteAsync(queue, raw.MessageId, raw.PopReceipt);
            }
        }

        foreach (var group in decoded.GroupBy(d => d.Message.InstanceId, StringComparer.Ordinal))
        {
            var batch = group.ToList();
            yield return () => RunEpisodeAsync(queue, group.Key, batch);
        }
    }

    private async Task RunEpisodeAsync(QueueClient queue, string instanceId, List<(QueueMessage Raw, ControlMessage Message)> batch)
    {
        // Messages of one instance received in different polls wait for each other here rather
        // than racing to commit; workers in other processes are kept apart by ETags.
        using var instanceLock = await _instanceLocks.AcquireAsync(instanceId, _abort.Token);
        try
        {
            batch = await DeferEarlyTimersAsync(queue, batch);
            if (batch.Count == 0)
            {
                return;
            }

            var reason = batch.Select(b => PoisonReasons.ControlMessage(b.Raw.DequeueCount, Options)).FirstOrDefault(r => r is not null);
            var redelivered = batch.Any(b => b.Raw.DequeueCount > 1);
            var outcome = await orchestrations.ProcessAsync(instanceId, batch.Select(b => b.Message).ToList(), reason, redelivered, _abort.Token);
            if (outcome == DispatchOutcome.Done)
            {
                await hooks.At(CrashPoint.AfterSendBeforeDelete, instanceId, _abort.Token);
                await Task.WhenAll(batch.Select(b => DeleteAsync(queue, b.Raw.MessageId, b.Raw.PopReceipt)));
            }
            else
            {
                await RetrySoonAsync(queue, batch.Select(b => b.Raw));
            }
        }
        catch (Exception e) when (!_abort.IsCancellationRequested)
        {
            LogEpisodeFailed(instanceId, e);
            await RetrySoonAsync(queue, batch.Select(b => b.Raw));
        }
    }

    /// <summary>Early timers go back on the queue (see <see cref="Outbox.DeferIfEarlyAsync"/>); the rest are due now.</summary>
    private async Task<List<(QueueMessage Raw, ControlMessage Message)>> DeferEarlyTimersAsync(QueueClient queue, List<(QueueMessage Raw, ControlMessage Message)> batch)
    {
        var due = new List<(QueueMessage, ControlMessage)>();
        foreach (var item in batch)
        {
            if (await outbox.DeferIfEarlyAsync(item.Message, _abort.Token))
            {
                await DeleteAsync(queue, item.Raw.MessageId, item.Raw.PopReceipt);
            }
            else
            {
                due.Add(item);
            }
        }

        return due;
    }

    private IEnumerable<Func<Task>> HandleWorkItems(QueueClient queue, QueueMessage[] received)
    {
        foreach (var raw in received)
        {
            if (MessageCodec.TryDecode(raw.MessageText, MessageCodec.DecodeWorkItem, e => LogUndecodable(raw.MessageId, e), out var message))
            {
                yield return () => RunActivitiesAsync(queue, raw, message);
            }
            else
            {
                yield return () => DeleteAsync(queue, raw.MessageId, raw.PopReceipt);
            }
        }
    }

    private async Task RunActivitiesAsync(QueueClient queue, QueueMessage raw, WorkItemMessage message)
    {
        await using var renewal = new MessageRenewal(queue, raw, Options.WorkItemVisibilityTimeout, timeProvider, _abort.Token);
        try
        {
            var reason = PoisonReasons.WorkItem(raw.DequeueCount, Options);
            await activities.ProcessAsync(message, reason, _activitySlots, _abort.Token);
            await renewal.StopAsync();
            await DeleteAsync(queue, raw.MessageId, renewal.PopReceipt);
        }
        catch (Exception e) when (!_abort.IsCancellationRequested)
        {
            LogActivitiesFailed(message.InstanceId, e);
        }
    }

    private async Task RetrySoonAsync(QueueClient queue, IEnumerable<QueueMessage> messages)
    {
        foreach (var raw in messages)
        {
            try
            {
                var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, raw.DequeueCount)));
                await queue.UpdateMessageAsync(raw.MessageId, raw.PopReceipt, visibilityTimeout: delay, cancellationToken: _abort.Token);
            }
            catch (RequestFailedException)
            {
                // Lost the message to another receiver; it is theirs now.
            }
        }
    }

    private async Task DeleteAsync(QueueClient queue, string messageId, string popReceipt)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, _abort.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Redelivered to someone else meanwhile; they will find it a duplicate.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown deadline reached with {Count} work items in flight; their messages will be redelivered")]
    private partial void LogAbandoned(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable worker started on hub {HubName} with {Partitions} control queues")]
    private partial void LogStarted(string hubName, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task hub {HubName} storage is not reachable; retrying in {Seconds} s")]
    private partial void LogHubUnavailable(string hubName, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Queue} failed; backing off")]
    private partial void LogPollFailed(string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Episode of instance {InstanceId} failed; its messages will be retried")]
    private partial void LogEpisodeFailed(string instanceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activities of instance {InstanceId} could not report; the message will be retried")]
    private partial void LogActivitiesFailed(string instanceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} is not a task hub message and was deleted")]
    private partial void LogUndecodable(string messageId, Exception exception);
}
