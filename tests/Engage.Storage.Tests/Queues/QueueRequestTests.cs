using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Engage.Storage.Queues;
using Engage.Storage.Queues.Models;
using Moq;

namespace Engage.Storage.Tests.Queues;

/// <summary>What goes on the wire, checked without a network: authentication headers, string-to-sign, body, URL.</summary>
public sealed class QueueRequestTests
{
    private const string AccountKey = StorageConnectionString.DevelopmentAccountKey;

    private const string Date = "Tue, 06 Jan 2026 10:00:00 GMT";

    private const string SendAnswer =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage>" +
        "<MessageId>5974b586-0df3-4e2d-ad0c-18e3892bfca2</MessageId>" +
        "<InsertionTime>Tue, 06 Jan 2026 10:00:00 GMT</InsertionTime>" +
        "<ExpirationTime>Tue, 13 Jan 2026 10:00:00 GMT</ExpirationTime>" +
        "<PopReceipt>AgAAAAMAAAAAAAAA+/=</PopReceipt>" +
        "<TimeNextVisible>Tue, 06 Jan 2026 10:00:05 GMT</TimeNextVisible>" +
        "</QueueMessage></QueueMessagesList>";

    [Fact]
    public async Task A_TokenCredential_client_sends_a_bearer_token_for_the_storage_scope_and_x_ms_version_2020_12_06()
    {
        var handler = new CapturingHandler(_ => Answer(HttpStatusCode.Created, SendAnswer));
        var credential = new FakeTokenCredential("token-123");
        var queue = new QueueClient(new Uri("https://engageacct.queue.core.windows.net/jobs"), credential, Options(handler));

        var receipt = (await queue.SendMessageAsync("hi", visibilityTimeout: TimeSpan.FromSeconds(5))).Value;

        var request = handler.Single;
        Assert.Equal("Bearer token-123", request.Headers.Authorization?.ToString());
        Assert.Equal("2020-12-06", Assert.Single(request.Headers.GetValues("x-ms-version")));
        Assert.Equal(["https://storage.azure.com/.default"], Assert.Single(credential.RequestedScopes));
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://engageacct.queue.core.windows.net/jobs/messages?visibilitytimeout=5", request.RequestUri!.AbsoluteUri);
        Assert.Equal("<QueueMessage><MessageText>aGk=</MessageText></QueueMessage>", handler.SingleBody);
        Assert.Equal("engageacct", queue.AccountName);
        Assert.Equal("5974b586-0df3-4e2d-ad0c-18e3892bfca2", receipt.MessageId);
        Assert.Equal("AgAAAAMAAAAAAAAA+/=", receipt.PopReceipt);
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 10, 0, 0, TimeSpan.Zero), receipt.ExpirationTime);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 10, 0, 5, TimeSpan.Zero), receipt.TimeNextVisible);
    }

    [Fact]
    public async Task Get_Messages_is_signed_as_in_the_reference_example()
    {
        var handler = new CapturingHandler(_ => Answer(HttpStatusCode.OK, "<QueueMessagesList />"));
        var queue = SharedKeyClient(handler);

        await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(60));

        var request = handler.Single;
        AssertSignedAs(
            request,
            "GET\n\n\n\n\n\n\n\n\n\n\n\n" +
            $"x-ms-client-request-id:{ClientRequestId(request)}\nx-ms-date:{Date}\n" +
            "x-ms-return-client-request-id:true\nx-ms-version:2020-12-06\n" +
            "/devstoreaccount1/devstoreaccount1/jobs/messages\nnumofmessages:16\nvisibilitytimeout:60");
    }

    [Fact]
    public async Task Update_Message_signs_the_body_length_and_type_and_the_decoded_pop_receipt_and_sends_it_percent_encoded()
    {
        var handler = new CapturingHandler(_ =>
        {
            var answer = Answer(HttpStatusCode.NoContent, null);
            answer.Headers.Add("x-ms-popreceipt", "new+receipt/=");
            answer.Headers.Add("x-ms-time-next-visible", "Tue, 06 Jan 2026 10:00:30 GMT");
            return answer;
        });
        var queue = SharedKeyClient(handler);

        var receipt = (await queue.UpdateMessageAsync("msg 1", "AbC+/=", "hi", TimeSpan.FromSeconds(30))).Value;

        var request = handler.Single;
        Assert.Equal(
            "http://127.0.0.1:10001/devstoreaccount1/jobs/messages/msg%201?popreceipt=AbC%2B%2F%3D&visibilitytimeout=30",
            request.RequestUri!.AbsoluteUri);
        AssertSignedAs(
            request,
            "PUT\n\n\n60\n\napplication/xml\n\n\n\n\n\n\n" +
            $"x-ms-client-request-id:{ClientRequestId(request)}\nx-ms-date:{Date}\n" +
            "x-ms-return-client-request-id:true\nx-ms-version:2020-12-06\n" +
            "/devstoreaccount1/devstoreaccount1/jobs/messages/msg%201\npopreceipt:AbC+/=\nvisibilitytimeout:30");
        Assert.Equal("new+receipt/=", receipt.PopReceipt);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 10, 0, 30, TimeSpan.Zero), receipt.NextVisibleOn);
    }

    [Fact]
    public async Task Create_Queue_signs_an_empty_length_and_metadata_headers_with_underscore_before_digits()
    {
        var handler = new CapturingHandler(_ => Answer(HttpStatusCode.Created, null));
        var queue = SharedKeyClient(handler);

        await queue.CreateIfNotExistsAsync(new Dictionary<string, string> { ["a1"] = "digit", ["a_1"] = "underscore", ["Owner"] = "engage" });

        var request = handler.Single;
        AssertSignedAs(
            request,
            "PUT\n\n\n\n\n\n\n\n\n\n\n\n" +
            $"x-ms-client-request-id:{ClientRequestId(request)}\nx-ms-date:{Date}\n" +
            "x-ms-meta-a_1:underscore\nx-ms-meta-a1:digit\nx-ms-meta-owner:engage\n" +
            "x-ms-return-client-request-id:true\nx-ms-version:2020-12-06\n" +
            "/devstoreaccount1/devstoreaccount1/jobs");
    }

    [Fact]
    public async Task Under_None_the_text_is_XML_escaped_and_carriage_returns_become_character_references()
    {
        var handler = new CapturingHandler(_ => Answer(HttpStatusCode.Created, SendAnswer));
        var options = Options(handler);
        options.MessageEncoding = QueueMessageEncoding.None;
        var queue = new QueueClient(new Uri("https://engageacct.queue.core.windows.net/jobs"), new FakeTokenCredential("t"), options);

        await queue.SendMessageAsync("<a> & 'b'\r\nc");

        // A literal CR would reach a conforming XML parser as LF.
        Assert.Equal("<QueueMessage><MessageText>&lt;a&gt; &amp; 'b'&#xD;\nc</MessageText></QueueMessage>", handler.SingleBody);
    }

    [Fact]
    public async Task A_mocked_client_returns_messages_built_by_the_model_factory()
    {
        var message = QueuesModelFactory.QueueMessage("id-1", "receipt-1", BinaryData.FromString("payload"), dequeueCount: 3);
        var queue = new Mock<QueueClient>();
        queue.Setup(q => q.ReceiveMessagesAsync(32, It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(new[] { message }, Mock.Of<Response>()));

        var received = Assert.Single((await queue.Object.ReceiveMessagesAsync(32)).Value);
        var renewed = received.Update(QueuesModelFactory.UpdateReceipt("receipt-2", DateTimeOffset.UnixEpoch));

        Assert.Equal(("id-1", "payload", 3L), (received.MessageId, received.MessageText, received.DequeueCount));
        Assert.Equal(("id-1", "receipt-2", "payload"), (renewed.MessageId, renewed.PopReceipt, renewed.MessageText));
        Assert.Equal(DateTimeOffset.UnixEpoch, renewed.NextVisibleOn);
    }

    private static QueueClient SharedKeyClient(CapturingHandler handler)
    {
        var options = Options(handler);
        options.TimeProvider = new FixedTimeProvider(new DateTimeOffset(2026, 1, 6, 10, 0, 0, TimeSpan.Zero));
        return new QueueClient(new Uri("http://127.0.0.1:10001/devstoreaccount1/jobs"), new StorageSharedKeyCredential("devstoreaccount1", AccountKey), options);
    }

    private static QueueClientOptions Options(CapturingHandler handler)
    {
        var options = new QueueClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        return options;
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string? xml) =>
        new(status) { Content = xml is null ? null : new StringContent(xml, Encoding.UTF8, "application/xml") };

    private static string ClientRequestId(HttpRequestMessage request) =>
        Assert.Single(request.Headers.GetValues("x-ms-client-request-id"));

    /// <summary>The Authorization header must be the HMAC of exactly this hand-written string.</summary>
    private static void AssertSignedAs(HttpRequestMessage request, string expectedStringToSign)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AccountKey), Encoding.UTF8.GetBytes(expectedStringToSign)));
        Assert.Equal(Date, Assert.Single(request.Headers.GetValues("x-ms-date")));
        Assert.Equal($"SharedKey devstoreaccount1:{signature}", request.Headers.Authorization?.ToString());
    }
}
