using System.Diagnostics;
using Engage.Storage.Queues;
using Engage.Storage.Queues.Models;
using Engage.Testing;

namespace Engage.Storage.Tests.Queues;

/// <summary>Gives each test a fresh queue on the shared Azurite (xunit builds the class once per test).</summary>
public abstract class QueueTestBase(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected QueueServiceClient Service { get; private set; } = null!;

    protected QueueClient Queue { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = new QueueServiceClient(Azurite.ConnectionString);
        Queue = Service.GetQueueClient(TestNames.Queue());
        await Queue.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => Queue.DeleteIfExistsAsync();

    /// <summary>A second client on the same queue that reads and writes with <paramref name="encoding"/>.</summary>
    protected QueueClient QueueWith(QueueMessageEncoding encoding) =>
        new(Azurite.ConnectionString, Queue.Name, new QueueClientOptions { MessageEncoding = encoding });

    /// <summary>
    /// Receives until a message shows up, so timing tests wait only as long as the emulator
    /// needs; returns it with the time it took.
    /// </summary>
    protected static async Task<(QueueMessage Message, TimeSpan Elapsed)> ReceiveWhenVisibleAsync(QueueClient queue, TimeSpan visibilityTimeout, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if ((await queue.ReceiveMessageAsync(visibilityTimeout)).Value is { } message)
            {
                return (message, clock.Elapsed);
            }

            Assert.True(clock.Elapsed < within, $"No message became visible within {within}.");
            await Task.Delay(100);
        }
    }
}
