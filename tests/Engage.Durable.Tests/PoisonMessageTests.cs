using Engage.Durable.Orchestration;
using Engage.Durable.Storage;
using Engage.Testing;

namespace Engage.Durable.Tests;

public sealed class PoisonMessageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_control_message_dequeued_too_often_fails_the_instance_with_a_reason()
    {
        var hubName = "poison" + Guid.NewGuid().ToString("N")[..10];
        var orchestrations = new TestOrchestrations();
        await using var client = await DurableHost.StartAsync(azurite.Server, orchestrations.Register, o => o.EnableWorker = false, hubName);
        var id = await client.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { "x" });
        var queue = ((TaskHub)client.Services.GetService(typeof(TaskHub))!).ControlQueueFor(id);

        // Each receive that is not followed by a delete is a worker that crashed on the message.
        for (var i = 0; i < 3; i++)
        {
            var received = await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1));
            Assert.Single(received.Value);
            await Task.Delay(1100);
        }

        await using var worker = await DurableHost.StartAsync(azurite.Server, orchestrations.Register, o => o.MaxDequeueCount = 2, hubName);
        var done = await worker.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("PoisonMessage", done.FailureDetails!.ErrorType);
        Assert.Contains("dequeued 4 times", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_activity_keeps_its_message_invisible_and_runs_once()
    {
        var runs = 0;
        void Register(DurableTaskRegistry registry) => registry
            .AddActivityFunc<int, int>("Long", async (_, ms) =>
            {
                Interlocked.Increment(ref runs);
                await Task.Delay(ms);
                return ms;
            })
            .AddOrchestratorFunc<int, int>("UsesLong", (context, ms) => context.CallActivityAsync<int>("Long", ms));
        await using var host = await DurableHost.StartAsync(azurite.Server, Register, o => o.WorkItemVisibilityTimeout = TimeSpan.FromSeconds(2));

        var done = await host.RunAsync("UsesLong", 5000);

        Assert.Equal(5000, done.ReadOutputAs<int>());
        Assert.Equal(1, runs);
    }
}
