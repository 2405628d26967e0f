using System.Text;
using Azure;
using Engage.Storage.Queues;
using Engage.Testing;

namespace Engage.Storage.Tests.Queues;

public sealed class QueueMessageTests(AzuriteFixture azurite) : QueueTestBase(azurite)
{
    public static TheoryData<QueueMessageEncoding, string> Texts()
    {
        var data = new TheoryData<QueueMessageEncoding, string>();
        foreach (var encoding in new[] { QueueMessageEncoding.None, QueueMessageEncoding.Base64 })
        {
            data.Add(encoding, "<QueueMessage>&amp; \"quotes\" 'apostrophes' </MessageText>]]>");
            data.Add(encoding, "Grüße, 東京, emoji 🚀, RTL שלום");
            data.Add(encoding, "line one\nline two\r\nline three\rend\t");
            data.Add(encoding, "  leading and trailing spaces  ");
            data.Add(encoding, "{\"json\":[1,2,3],\"nested\":{\"a\":\"<b>\"}}");
            data.Add(encoding, "   ");
            data.Add(encoding, string.Empty);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Text_round_trips_exactly_through_send_peek_and_receive(QueueMessageEncoding encoding, string text)
    {
        var queue = QueueWith(encoding);

        var sent = (await queue.SendMessageAsync(text)).Value;
        var peeked = Assert.Single((await queue.PeekMessagesAsync()).Value);
        var received = (await queue.ReceiveMessageAsync()).Value!;

        Assert.Equal(text, peeked.MessageText);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(Encoding.UTF8.GetBytes(text), received.Body.ToArray());
        Assert.Equal(sent.MessageId, received.MessageId);
    }

    [Fact]
    public async Task Base64_is_the_default_and_is_what_goes_on_the_wire()
    {
        await Queue.SendMessageAsync("hello <world>");

        var raw = Assert.Single((await QueueWith(QueueMessageEncoding.None).PeekMessagesAsync()).Value);

        Assert.Equal(QueueMessageEncoding.Base64, new QueueClientOptions().MessageEncoding);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello <world>")), raw.MessageText);
    }

    [Fact]
    public async Task Receiving_a_message_that_is_not_Base64_with_a_Base64_client_names_the_message()
    {
        var sent = (await QueueWith(QueueMessageEncoding.None).SendMessageAsync("not base64!")).Value;

        var error = await Assert.ThrowsAsync<FormatException>(() => Queue.ReceiveMessagesAsync());

        Assert.Contains(sent.MessageId, error.Message);
    }

    [Fact]
    public async Task A_received_message_stays_hidden_for_its_visibility_timeout_then_comes_back_with_DequeueCount_2()
    {
        var sent = (await Queue.SendMessageAsync("work")).Value;

        var first = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(2))).Value!;
        var receivedAt = DateTimeOffset.UtcNow;
        var whileHidden = (await Queue.ReceiveMessageAsync()).Value;
        var (again, elapsed) = await ReceiveWhenVisibleAsync(Queue, TimeSpan.FromSeconds(30), within: TimeSpan.FromSeconds(10));

        Assert.Equal(1, first.DequeueCount);
        // The service's times are whole seconds (RFC 1123), so allow for up to a second of truncation.
        Assert.InRange(first.NextVisibleOn!.Value - receivedAt, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2.1));
        Assert.Null(whileHidden);
        Assert.Equal(sent.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
        Assert.NotEqual(first.PopReceipt, again.PopReceipt);
        Assert.True(elapsed > TimeSpan.FromSeconds(1), $"The message came back after {elapsed}, before its 2 s visibility timeout.");
    }

    [Fact]
    public async Task A_message_sent_with_a_visibility_delay_is_not_received_before_it()
    {
        var sent = (await Queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromSeconds(2))).Value;

        var early = (await Queue.ReceiveMessageAsync()).Value;
        var peekedEarly = (await Queue.PeekMessagesAsync()).Value;
        var (message, elapsed) = await ReceiveWhenVisibleAsync(Queue, TimeSpan.FromSeconds(30), within: TimeSpan.FromSeconds(10));

        Assert.Null(early);
        Assert.Empty(peekedEarly);
        Assert.InRange(sent.TimeNextVisible - sent.InsertionTime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal(1, message.DequeueCount);
        Assert.True(elapsed > TimeSpan.FromSeconds(1), $"The message was received after {elapsed}, before its 2 s delay.");
    }

    [Fact]
    public async Task Time_to_live_sets_the_expiry_and_an_expired_message_is_gone()
    {
        var hour = (await Queue.SendMessageAsync("an hour", timeToLive: TimeSpan.FromHours(1))).Value;
        var brief = (await Queue.SendMessageAsync("a second", timeToLive: TimeSpan.FromSeconds(1))).Value;
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        var left = (await Queue.PeekMessagesAsync(32)).Value;

        Assert.Equal(TimeSpan.FromHours(1), hour.ExpirationTime - hour.InsertionTime);
        Assert.Equal(TimeSpan.FromSeconds(1), brief.ExpirationTime - brief.InsertionTime);
        Assert.Equal([hour.MessageId], left.Select(m => m.MessageId));
    }

    [Theory]
    [InlineData(-1000)]
    [InlineData(-1)]
    public async Task A_time_to_live_of_minus_one_second_or_infinite_never_expires(int milliseconds)
    {
        var ttl = TimeSpan.FromMilliseconds(milliseconds); // -1 ms is Timeout.InfiniteTimeSpan.

        var sent = (await Queue.SendMessageAsync("forever", timeToLive: ttl)).Value;
        var received = (await Queue.ReceiveMessageAsync()).Value!;

        Assert.Equal(9999, sent.ExpirationTime.Year);
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), received.ExpiresOn);
    }

    [Fact]
    public async Task A_time_to_live_below_one_second_is_rejected_before_sending()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Queue.SendMessageAsync("x", timeToLive: TimeSpan.Zero));

        Assert.Equal("timeToLive", error.ParamName);
        Assert.Empty((await Queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task Peek_does_not_change_the_dequeue_count_or_hide_the_message()
    {
        await Queue.SendMessageAsync("look");

        var firstPeek = Assert.Single((await Queue.PeekMessagesAsync()).Value);
        var secondPeek = Assert.Single((await Queue.PeekMessagesAsync()).Value);
        var received = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(1))).Value!;
        var (receivedAgain, _) = await ReceiveWhenVisibleAsync(Queue, TimeSpan.FromSeconds(30), within: TimeSpan.FromSeconds(10));
        await Queue.UpdateMessageAsync(receivedAgain.MessageId, receivedAgain.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        var peekAfterReceives = Assert.Single((await Queue.PeekMessagesAsync()).Value);

        Assert.Equal(0, firstPeek.DequeueCount);
        Assert.Equal(0, secondPeek.DequeueCount);
        Assert.Equal(1, received.DequeueCount);
        Assert.Equal(2, receivedAgain.DequeueCount);
        Assert.Equal(2, peekAfterReceives.DequeueCount);
        Assert.Equal("look", peekAfterReceives.MessageText);
    }

    [Fact]
    public async Task Update_changes_content_and_visibility_and_returns_a_new_pop_receipt()
    {
        await Queue.SendMessageAsync("v1");
        var received = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value!;

        var update = (await Queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, "v2 <updated>", TimeSpan.FromSeconds(2))).Value;
        var updatedAt = DateTimeOffset.UtcNow;
        var hidden = (await Queue.ReceiveMessageAsync()).Value;
        var (after, _) = await ReceiveWhenVisibleAsync(Queue, TimeSpan.FromSeconds(30), within: TimeSpan.FromSeconds(10));

        Assert.NotEqual(received.PopReceipt, update.PopReceipt);
        // The service's times are whole seconds (RFC 1123), so allow for up to a second of truncation.
        Assert.InRange(update.NextVisibleOn - updatedAt, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2.1));
        Assert.Null(hidden);
        Assert.Equal(received.MessageId, after.MessageId);
        Assert.Equal("v2 <updated>", after.MessageText);
        Assert.Equal(2, after.DequeueCount);
    }

    [Fact]
    public async Task Update_without_text_keeps_the_content_and_QueueMessage_Update_carries_the_new_receipt()
    {
        await Queue.SendMessageAsync("keep me");
        var received = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value!;

        var update = (await Queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(60))).Value;
        var renewed = received.Update(update);
        var stillHidden = (await Queue.PeekMessagesAsync()).Value;
        await Queue.UpdateMessageAsync(renewed.MessageId, renewed.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        var visible = Assert.Single((await Queue.PeekMessagesAsync()).Value);

        Assert.Equal(update.PopReceipt, renewed.PopReceipt);
        Assert.Equal(update.NextVisibleOn, renewed.NextVisibleOn);
        Assert.Empty(stillHidden);
        Assert.Equal("keep me", visible.MessageText);
    }

    [Fact]
    public async Task Delete_with_a_stale_pop_receipt_fails_and_leaves_the_message_and_the_fresh_one_deletes_it()
    {
        await Queue.SendMessageAsync("once");
        var received = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value!;
        var fresh = (await Queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(30))).Value;

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => Queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        var countAfterStale = (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var deleted = await Queue.DeleteMessageAsync(received.MessageId, fresh.PopReceipt);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => Queue.DeleteMessageAsync(received.MessageId, fresh.PopReceipt));

        // Azure answers a stale receipt with 404 MessageNotFound; Azurite with 400 PopReceiptMismatch.
        Assert.Contains((stale.Status, stale.ErrorCode), new (int, string?)[] { (404, "MessageNotFound"), (400, "PopReceiptMismatch") });
        Assert.Equal(1, countAfterStale);
        Assert.Equal(204, deleted.Status);
        Assert.Equal((404, "MessageNotFound"), (gone.Status, gone.ErrorCode));
        Assert.Equal(0, (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Approximate_message_count_follows_sends_and_deletes_and_Clear_empties_the_queue()
    {
        for (var i = 0; i < 5; i++)
        {
            await Queue.SendMessageAsync($"m{i}");
        }

        var afterSends = (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var received = (await Queue.ReceiveMessageAsync()).Value!;
        await Queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        var afterDelete = (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var cleared = await Queue.ClearMessagesAsync();
        var afterClear = (await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        Assert.Equal(5, afterSends);
        Assert.Equal(4, afterDelete);
        Assert.Equal(204, cleared.Status);
        Assert.Equal(0, afterClear);
        Assert.Empty((await Queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Receive_takes_32_at_a_time()
    {
        var sent = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            sent.Add((await Queue.SendMessageAsync($"m{i}")).Value.MessageId);
        }

        var first = (await Queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
        var rest = (await Queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
        var peeked = (await Queue.PeekMessagesAsync(32)).Value;

        Assert.Equal(32, first.Length);
        Assert.Equal(8, rest.Length);
        Assert.Empty(peeked);
        Assert.Equal(sent, first.Concat(rest).Select(m => m.MessageId).ToHashSet());
        Assert.All(first.Concat(rest), m => Assert.Equal(1, m.DequeueCount));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(-1)]
    public async Task Asking_for_fewer_than_1_or_more_than_32_messages_is_rejected_client_side(int count)
    {
        await Queue.SendMessageAsync("stay");

        var receive = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Queue.ReceiveMessagesAsync(count));
        var peek = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Queue.PeekMessagesAsync(count));

        Assert.Equal("maxMessages", receive.ParamName);
        Assert.Contains("1 to 32", receive.Message);
        Assert.Equal("maxMessages", peek.ParamName);
        Assert.Equal(0, Assert.Single((await Queue.PeekMessagesAsync()).Value).DequeueCount);
    }

    [Fact]
    public async Task A_receive_on_an_empty_queue_gives_no_messages()
    {
        Assert.Empty((await Queue.ReceiveMessagesAsync(32)).Value);
        Assert.Null((await Queue.ReceiveMessageAsync()).Value);
        Assert.Empty((await Queue.PeekMessagesAsync(32)).Value);
    }
}
