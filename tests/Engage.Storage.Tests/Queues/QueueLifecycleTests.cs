using Azure;
using Engage.Storage.Queues;
using Engage.Testing;

namespace Engage.Storage.Tests.Queues;

public sealed class QueueLifecycleTests(AzuriteFixture azurite) : QueueTestBase(azurite)
{
    [Fact]
    public async Task CreateIfNotExists_creates_once_and_then_answers_that_the_queue_exists()
    {
        var queue = Service.GetQueueClient(TestNames.Queue());

        var created = await queue.CreateIfNotExistsAsync();
        var again = await queue.CreateIfNotExistsAsync();
        var exists = (await queue.ExistsAsync()).Value;
        await queue.DeleteIfExistsAsync();

        Assert.Equal(201, created!.Status);
        Assert.Equal(204, again!.Status);
        Assert.True(exists);
    }

    [Fact]
    public async Task CreateIfNotExists_with_other_metadata_on_an_existing_queue_returns_null_and_keeps_the_queue()
    {
        var queue = Service.GetQueueClient(TestNames.Queue());
        await queue.CreateIfNotExistsAsync(new Dictionary<string, string> { ["owner"] = "engage" });

        var conflicting = await queue.CreateIfNotExistsAsync(new Dictionary<string, string> { ["owner"] = "someone-else" });
        var properties = (await queue.GetPropertiesAsync()).Value;
        await queue.DeleteIfExistsAsync();

        Assert.Null(conflicting);
        Assert.Equal("engage", properties.Metadata["owner"]);
    }

    [Fact]
    public async Task Metadata_round_trips_including_names_that_sort_differently_by_ordinal_and_by_the_service()
    {
        var queue = Service.GetQueueClient(TestNames.Queue());
        var metadata = new Dictionary<string, string> { ["Hub"] = "engage", ["a1"] = "digit", ["a_1"] = "underscore", ["partition_count"] = "4" };

        await queue.CreateIfNotExistsAsync(metadata);
        var properties = (await queue.GetPropertiesAsync()).Value;
        await queue.DeleteIfExistsAsync();

        Assert.Equal(metadata.Count, properties.Metadata.Count);
        foreach (var (name, value) in metadata)
        {
            Assert.Equal(value, properties.Metadata[name]);
        }
    }

    [Fact]
    public async Task Operations_on_a_missing_queue_fail_with_404_QueueNotFound()
    {
        var missing = Service.GetQueueClient(TestNames.Queue());

        var send = await Assert.ThrowsAsync<RequestFailedException>(() => missing.SendMessageAsync("lost"));
        var receive = await Assert.ThrowsAsync<RequestFailedException>(() => missing.ReceiveMessagesAsync());
        var properties = await Assert.ThrowsAsync<RequestFailedException>(() => missing.GetPropertiesAsync());

        Assert.All([send, receive, properties], e => Assert.Equal((404, "QueueNotFound"), (e.Status, e.ErrorCode)));
        Assert.False((await missing.ExistsAsync()).Value);
        Assert.False((await missing.DeleteIfExistsAsync()).Value);
    }

    [Fact]
    public async Task DeleteIfExists_deletes_the_queue_and_its_messages()
    {
        await Queue.SendMessageAsync("doomed");

        var deleted = (await Queue.DeleteIfExistsAsync()).Value;
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => Queue.PeekMessagesAsync());

        Assert.True(deleted);
        Assert.Equal(404, error.Status);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Jobs")]
    [InlineData("job--items")]
    [InlineData("-jobs")]
    [InlineData("jobs-")]
    [InlineData("job_items")]
    [InlineData("")]
    public void An_invalid_queue_name_is_rejected_with_the_rule(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Service.GetQueueClient(name));

        Assert.Equal("queueName", error.ParamName);
        Assert.Contains("3 to 63 lowercase letters, digits and hyphens", error.Message);
    }

    [Fact]
    public void Names_at_the_limits_are_accepted_and_one_too_long_is_not()
    {
        Assert.Equal("abc", Service.GetQueueClient("abc").Name);
        Assert.Equal("a-1-b", Service.GetQueueClient("a-1-b").Name);
        Assert.Equal(63, Service.GetQueueClient(new string('a', 63)).Name.Length);
        Assert.Throws<ArgumentException>(() => Service.GetQueueClient(new string('a', 64)));
    }

    [Fact]
    public async Task An_invalid_metadata_name_is_rejected_before_sending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Queue.CreateIfNotExistsAsync(new Dictionary<string, string> { ["not-an-identifier"] = "x" }));

        Assert.Contains("not-an-identifier", error.Message);
    }

    [Fact]
    public void The_queue_uri_names_the_account_endpoint_and_the_queue()
    {
        var client = new QueueClient(new Uri($"{Azurite.Server.QueueEndpoint}/{Queue.Name}"), new StorageSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])));

        Assert.Equal(Queue.Name, client.Name);
        Assert.Equal("devstoreaccount1", client.AccountName);
        Assert.Equal(Queue.Uri, client.Uri);
    }
}
