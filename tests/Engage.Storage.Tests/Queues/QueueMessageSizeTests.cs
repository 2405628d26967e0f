using Engage.Storage.Queues;
using Engage.Testing;

namespace Engage.Storage.Tests.Queues;

/// <summary>The 64 KiB limit counts the encoded text: 65,536 Base64 characters hold 49,152 raw bytes.</summary>
public sealed class QueueMessageSizeTests(AzuriteFixture azurite) : QueueTestBase(azurite)
{
    [Theory]
    [InlineData(QueueMessageEncoding.Base64, 49_152)]
    [InlineData(QueueMessageEncoding.None, 65_536)]
    public async Task A_message_of_exactly_64_KiB_after_encoding_is_accepted_and_round_trips(QueueMessageEncoding encoding, int rawBytes)
    {
        var queue = QueueWith(encoding);
        var text = new string('x', rawBytes);

        await queue.SendMessageAsync(text);
        var received = (await queue.ReceiveMessageAsync()).Value!;

        Assert.Equal(text, received.MessageText);
    }

    [Theory]
    [InlineData(QueueMessageEncoding.Base64, 49_153, "65,540")]
    [InlineData(QueueMessageEncoding.None, 65_537, "65,537")]
    public async Task A_message_over_64_KiB_after_encoding_is_rejected_before_sending_with_its_size_and_the_limit(QueueMessageEncoding encoding, int rawBytes, string encodedSize)
    {
        var queue = QueueWith(encoding);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new string('x', rawBytes)));

        Assert.Equal("messageText", error.ParamName);
        Assert.Contains($"{encodedSize} bytes after {encoding} encoding", error.Message);
        Assert.Contains("at most 65,536 bytes (64 KiB)", error.Message);
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task Multi_byte_text_is_counted_in_UTF_8_bytes_and_round_trips_at_the_limit()
    {
        var fits = new string('é', 24_576); // 49,152 UTF-8 bytes: 65,536 Base64 characters.

        await Queue.SendMessageAsync(fits);
        var received = (await Queue.ReceiveMessageAsync()).Value!;
        var base64Error = await Assert.ThrowsAsync<ArgumentException>(() => Queue.SendMessageAsync(fits + "é"));
        var noneError = await Assert.ThrowsAsync<ArgumentException>(
            () => QueueWith(QueueMessageEncoding.None).SendMessageAsync(new string('é', 32_769)));

        Assert.Equal(fits, received.MessageText);
        Assert.Contains("65,540 bytes after Base64 encoding (49,154 bytes of UTF-8 text)", base64Error.Message);
        Assert.Contains("65,538 bytes after None encoding", noneError.Message);
    }

    [Fact]
    public async Task An_update_over_64_KiB_is_rejected_and_leaves_the_message_as_it_was()
    {
        await Queue.SendMessageAsync("small");
        var received = (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value!;

        await Assert.ThrowsAsync<ArgumentException>(
            () => Queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, new string('x', 49_153), TimeSpan.Zero));
        await Queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);

        Assert.Equal("small", Assert.Single((await Queue.PeekMessagesAsync()).Value).MessageText);
    }

    [Fact]
    public async Task Text_that_XML_cannot_carry_is_rejected_clearly_under_None_and_travels_under_Base64()
    {
        const string text = "bell \u0007 and null \0";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => QueueWith(QueueMessageEncoding.None).SendMessageAsync(text));
        await Queue.SendMessageAsync(text);

        Assert.Contains("QueueMessageEncoding.Base64", error.Message);
        Assert.Equal(text, (await Queue.ReceiveMessageAsync()).Value!.MessageText);
    }
}
