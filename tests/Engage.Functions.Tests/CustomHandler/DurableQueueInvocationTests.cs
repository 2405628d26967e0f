using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Durable.Client;
using Engage.Durable.Orchestration;
using Engage.Durable.Worker;
using Engage.Functions.CustomHandler;
using Engage.Functions.Tests.Engagement;
using Engage.Storage.Queues;
using Engage.Storage.Queues.Models;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>
/// The task hub's queue triggers: nothing is enqueued by hand; the messages are the real ones the app's own
/// client and engine produce, posted the way the host posts them.
/// </summary>
public sealed class DurableQueueInvocationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_control_message_posted_as_the_host_posts_it_advances_the_instance_and_the_run_completes()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var engagement = new EngagementClient(factory.CreateClient());
        var runId = await StartRunAsync(engagement);
        var (function, queue, message) = await ReceiveControlMessageAsync(factory, runId);

        using var response = await factory.CreateClient().PostAsync(
            "/" + function, HostPayloads.Queue(function, message.MessageText, message.DequeueCount, message.MessageId, stringified: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = await InvocationAnswer.ReadLogsAsync(response);
        Assert.Contains(message.MessageId, Assert.Single(logs)!.GetValue<string>());
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var instance = await Client(factory).GetInstanceAsync(runId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        var workItems = Queues(factory).GetQueueClient(Dispatcher(factory).WorkItemQueueName);
        Assert.NotEmpty((await workItems.PeekMessagesAsync(32)).Value);

        var host = new FunctionsHostSimulator(factory.CreateClient(), Queues(factory), Dispatcher(factory));
        await host.RunUntilAsync(async () => (await engagement.StatusAsync("acmecorp.com", runId)).Single()!["status"]!.GetValue<string>() != "processing", TimeSpan.FromSeconds(60));

        var run = Assert.IsType<JsonObject>(Assert.Single(await engagement.StatusAsync("acmecorp.com", runId)));
        Assert.Equal("complete", run["status"]!.GetValue<string>());
        Assert.Equal(13, run["summary"]!["meetings_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_message_delivered_more_often_than_the_engine_allows_fails_its_instance_with_the_reason()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var runId = await StartRunAsync(new EngagementClient(factory.CreateClient()));
        var (function, _, message) = await ReceiveControlMessageAsync(factory, runId);

        // The sixth delivery: host.json lets it through (maxDequeueCount 6) so the engine, not the poison queue, has the last word.
        using var response = await factory.CreateClient().PostAsync(
            "/" + function, HostPayloads.Queue(function, message.MessageText, dequeueCount: 6, message.MessageId, stringified: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instance = await Client(factory).GetInstanceAsync(runId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance!.RuntimeStatus);
        Assert.Contains("dequeued 6 times", instance.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task A_message_for_an_instance_that_does_not_exist_yet_goes_back_to_the_host_until_it_is_poison()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var http = factory.CreateClient();
        var function = DurableQueueFunction.ControlName(0);
        var message = new JsonObject
        {
            ["instanceId"] = "nobody-" + Guid.NewGuid().ToString("N"),
            ["events"] = new JsonArray(new JsonObject
            {
                ["eventType"] = "EventRaised",
                ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
                ["name"] = "Approval",
                ["eventKey"] = Guid.NewGuid().ToString("N"),
            }),
        }.ToJsonString();

        using var early = await http.PostAsync("/" + function, HostPayloads.Queue(function, message, 1, "m-1"));
        using var givenUp = await http.PostAsync("/" + function, HostPayloads.Queue(function, message, 6, "m-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Contains("will be retried", (await InvocationAnswer.ReadLogsAsync(early)).Single()!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, givenUp.StatusCode);
    }

    [Fact]
    public async Task An_invocation_without_a_message_is_refused_so_the_host_keeps_the_message()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var http = factory.CreateClient();
        var function = DurableQueueFunction.WorkItemsName;

        using var notJson = await http.PostAsync("/" + function, new StringContent("message", Encoding.UTF8, "application/json"));
        using var noMessage = await http.PostAsync("/" + function, new StringContent("""{"Data":{},"Metadata":{"DequeueCount":1}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noMessage.StatusCode);
        Assert.Equal("application/problem+json", noMessage.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> StartRunAsync(EngagementClient engagement)
    {
        var (response, body) = await engagement.StartAsync("""{"domain":"acmecorp.com"}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return body!["run_id"]!.GetValue<string>();
    }

    /// <summary>Takes the start message of <paramref name="instanceId"/> off its control queue, as the host's trigger would.</summary>
    private static async Task<(string Function, QueueClient Queue, QueueMessage Message)> ReceiveControlMessageAsync(CustomHandlerAppFactory factory, string instanceId)
    {
        var names = Dispatcher(factory).ControlQueueNames;
        for (var partition = 0; partition < names.Count; partition++)
        {
            var queue = Queues(factory).GetQueueClient(names[partition]);
            var message = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60))).Value.SingleOrDefault(m => m.MessageText.Contains(instanceId, StringComparison.Ordinal));
            if (message is not null)
            {
                return (DurableQueueFunction.ControlName(partition), queue, message);
            }
        }

        throw new InvalidOperationException($"No control message for {instanceId}.");
    }

    private static DurableTaskClient Client(CustomHandlerAppFactory factory) => factory.Services.GetRequiredService<DurableTaskClient>();

    private static DurableTaskDispatcher Dispatcher(CustomHandlerAppFactory factory) => factory.Services.GetRequiredService<DurableTaskDispatcher>();

    private static QueueServiceClient Queues(CustomHandlerAppFactory factory) => factory.Services.GetRequiredService<QueueServiceClient>();
}
