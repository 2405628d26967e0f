using Engage.Storage.Queues;
using Engage.Storage.Queues.Models;

namespace Engage.Durable.Worker;

/// <summary>
/// Keeps a message invisible while its work runs longer than the visibility timeout, and
/// tracks the newest pop receipt (each renewal issues a new one) for the final delete.
/// </summary>
internal sealed class MessageRenewal : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    /// <param name="abandon">Stops renewal when the worker gives up on its work (shutdown past its deadline), so the message becomes visible to others as after a crash.</param>
    public MessageRenewal(QueueClient queue, QueueMessage message, TimeSpan visibilityTimeout, TimeProvider timeProvider, CancellationToken abandon)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(abandon);
        _queue = queue;
        _messageId = message.MessageId;
        PopReceipt = message.PopReceipt;
        _loop = RenewAsync(visibilityTimeout, timeProvider, _stop.Token);
    }

    public string PopReceipt { get; private set; }

    /// <summary>Stops renewing; <see cref="PopReceipt"/> is final afterwards.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RenewAsync(TimeSpan visibilityTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibilityTimeout / 2, timeProvider, cancellationToken);
                var receipt = await _queue.UpdateMessageAsync(_messageId, PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: cancellationToken);
                PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Azure.RequestFailedException)
        {
            // The message was taken over elsewhere; the work still reports, and duplicates are dropped.
        }
    }
}
