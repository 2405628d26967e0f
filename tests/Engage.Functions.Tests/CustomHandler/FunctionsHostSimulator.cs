using Engage.Durable.Worker;
using Engage.Functions.CustomHandler;
using Engage.Storage.Queues;
using Engage.Storage.Queues.Models;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>
/// Plays the Functions host's queue triggers for the task hub: receives each hub queue's messages and posts
/// them to the matching function (<c>DurableControlNN</c>, <c>DurableWorkItems</c>) as invocations, deleting a
/// message on a 2xx answer and letting it come back otherwise, as the host does.
/// </summary>
public sealed class FunctionsHostSimulator(HttpClient app, QueueServiceClient queues, DurableTaskDispatcher dispatcher)
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    private IEnumerable<(string Function, QueueClient Queue)> Triggers =>
        dispatcher.ControlQueueNames
            .Select((queue, partition) => (DurableQueueFunction.ControlName(partition), queues.GetQueueClient(queue)))
            .Append((DurableQueueFunction.WorkItemsName, queues.GetQueueClient(dispatcher.WorkItemQueueName)));

    /// <summary>Delivers messages until <paramref name="done"/> says so.</summary>
    /// <returns>How many invocations it made.</returns>
    public async Task<int> RunUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var invocations = 0;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not done after {invocations} invocations.");
            }

            var delivered = 0;
            foreach (var (function, queue) in Triggers)
            {
                var messages = (await queue.ReceiveMessagesAsync(16, Visibility)).Value;
                await Task.WhenAll(messages.Select(message => DeliverAsync(function, queue, message)));
                delivered += messages.Length;
            }

            invocations += delivered;
            if (delivered == 0)
            {
                await Task.Delay(50);
            }
        }

        return invocations;
    }

    public async Task<HttpResponseMessage> InvokeAsync(string function, QueueMessage message) =>
        await app.PostAsync("/" + function, HostPayloads.Queue(function, message.MessageText, message.DequeueCount, message.MessageId, stringified: true));

    private async Task DeliverAsync(string function, QueueClient queue, QueueMessage message)
    {
        using var response = await InvokeAsync(function, message);
        if (response.IsSuccessStatusCode)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        else
        {
            // host.json visibilityTimeout: a failed message comes back after a short delay.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(1));
        }
    }
}
