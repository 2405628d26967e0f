using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Engage.Storage.Internal;
using Engage.Storage.Queues.Models;

namespace Engage.Storage.Queues;

/// <summary>Message operations on one queue; names and shapes as in Azure.Storage.Queues.</summary>
public partial class QueueClient
{
    private const string MetadataPrefix = "x-ms-meta-";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _accountEndpoint;
    private readonly QueueMessageEncoding _encoding;

    public QueueClient(string connectionString, string queueName, QueueClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), queueName, options)
    {
    }

    public QueueClient(Uri queueUri, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(AccountEndpointOf(queueUri), QueueNameOf(queueUri), credential.AccountName, QueueClientConfiguration.Create(credential, options))
    {
    }

    public QueueClient(Uri queueUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(AccountEndpointOf(queueUri), QueueNameOf(queueUri), StorageEndpoint.AccountNameOf(AccountEndpointOf(queueUri)), QueueClientConfiguration.Create(credential, options))
    {
    }

    /// <summary>For mocking.</summary>
    protected QueueClient()
    {
        _pipeline = null!;
        _accountEndpoint = null!;
        Name = string.Empty;
        AccountName = string.Empty;
    }

    internal QueueClient(Uri accountEndpoint, string queueName, string accountName, QueueClientConfiguration configuration)
    {
        ValidateQueueName(queueName);
        _accountEndpoint = accountEndpoint;
        _pipeline = configuration.Pipeline;
        _encoding = configuration.MessageEncoding;
        Name = queueName;
        AccountName = accountName;
    }

    private QueueClient(StorageConnectionString connection, string queueName, QueueClientOptions? options)
        : this(connection.QueueEndpoint, queueName, connection.AccountName, QueueClientConfiguration.Create(connection.Credential, options))
    {
    }

    public virtual string Name { get; }

    public virtual string AccountName { get; }

    public virtual Uri Uri => new($"{_accountEndpoint.AbsoluteUri.TrimEnd('/')}/{Name}");

    /// <summary>The largest message the service takes, counted after encoding (64 KiB).</summary>
    public virtual int MessageMaxBytes => 64 * 1024;

    /// <summary>The most messages one receive or peek returns.</summary>
    public virtual int MaxPeekableMessages => 32;

    /// <summary>
    /// Creates the queue. An existing queue is not an error: the service answers 204 when its
    /// metadata is identical, and a queue that exists with other metadata gives <c>null</c>.
    /// </summary>
    public virtual async Task<Response?> CreateIfNotExistsAsync(IDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, string.Empty);
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            ValidateMetadataName(name);
            message.Request.Headers.Add(MetadataPrefix + name, value);
        }

        try
        {
            return await SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "QueueAlreadyExists")
        {
            return null;
        }
    }

    /// <summary>Deletes the queue and its messages; <c>false</c> if there was no queue.</summary>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, string.Empty);
        var response = await SendAsync(message, cancellationToken, expectedErrorStatus: 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    public virtual async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMetadataMessage();
        var response = await SendAsync(message, cancellationToken, expectedErrorStatus: 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    /// <summary>
    /// Sends a message. <paramref name="visibilityTimeout"/> delays its first delivery (0 to 7
    /// days); <paramref name="timeToLive"/> defaults to 7 days on the service, and
    /// <c>TimeSpan.FromSeconds(-1)</c> or <see cref="Timeout.InfiniteTimeSpan"/> means never expire.
    /// </summary>
    /// <exception cref="ArgumentException">The encoded message is larger than <see cref="MessageMaxBytes"/>.</exception>
    public virtual async Task<Response<SendReceipt>> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        var body = EncodeBody(messageText);
        using var message = CreateMessage(RequestMethod.Post, "/messages");
        if (visibilityTimeout is { } delay)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay));
        }

        if (timeToLive is { } ttl)
        {
            message.Request.Uri.AppendQuery("messagettl", TimeToLiveSeconds(ttl));
        }

        SetXmlBody(message.Request, body);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var sent = QueueMessageXml.ReadMessages(response.Content) is [var only] ? only : throw MissingField("QueueMessage");
        return Response.FromValue(
            new SendReceipt(
                sent.MessageId,
                sent.InsertionTime ?? throw MissingField("InsertionTime"),
                sent.ExpirationTime ?? throw MissingField("ExpirationTime"),
                sent.PopReceipt ?? throw MissingField("PopReceipt"),
                sent.TimeNextVisible ?? throw MissingField("TimeNextVisible")),
            response);
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> (1 to 32; the service's default is 1) and
    /// hides them for <paramref name="visibilityTimeout"/> (1 s to 7 days; default 30 s). An
    /// empty queue gives an empty array.
    /// </summary>
    public virtual async Task<Response<QueueMessage[]>> ReceiveMessagesAsync(int? maxMessages = null, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        AppendMaxMessages(message.Request, maxMessages);
        if (visibilityTimeout is { } timeout)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(timeout));
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var messages = QueueMessageXml.ReadMessages(response.Content)
            .Select(m => new QueueMessage(
                m.MessageId,
                m.PopReceipt ?? throw MissingField("PopReceipt"),
                Decode(m),
                m.DequeueCount,
                m.TimeNextVisible,
                m.InsertionTime,
                m.ExpirationTime))
            .ToArray();
        return Response.FromValue(messages, response);
    }

    /// <summary>Receives one message, or a response without one when the queue has none visible.</summary>
    public virtual async Task<Response<QueueMessage?>> ReceiveMessageAsync(TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        var response = await ReceiveMessagesAsync(1, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Value.FirstOrDefault(), response.GetRawResponse());
    }

    /// <summary>Reads up to <paramref name="maxMessages"/> (1 to 32) visible messages without hiding them or counting a dequeue.</summary>
    public virtual async Task<Response<PeekedMessage[]>> PeekMessagesAsync(int? maxMessages = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("peekonly", "true");
        AppendMaxMessages(message.Request, maxMessages);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var messages = QueueMessageXml.ReadMessages(response.Content)
            .Select(m => new PeekedMessage(m.MessageId, Decode(m), m.DequeueCount, m.InsertionTime, m.ExpirationTime))
            .ToArray();
        return Response.FromValue(messages, response);
    }

    /// <summary>
    /// Hides a received message for <paramref name="visibilityTimeout"/> from now (0 makes it
    /// visible at once) and, when <paramref name="messageText"/> is given, replaces its content.
    /// The returned pop receipt replaces <paramref name="popReceipt"/>; a stale receipt fails as
    /// <see cref="DeleteMessageAsync"/> describes.
    /// </summary>
    public virtual async Task<Response<UpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, string? messageText = null, TimeSpan visibilityTimeout = default, CancellationToken cancellationToken = default)
    {
        var body = messageText is null ? null : EncodeBody(messageText);
        using var message = CreateMessageRequest(RequestMethod.Put, messageId, popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        if (body is not null)
        {
            SetXmlBody(message.Request, body);
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var newReceipt = response.Headers.TryGetValue("x-ms-popreceipt", out var receipt) ? receipt : throw MissingField("x-ms-popreceipt");
        var nextVisible = response.Headers.TryGetValue("x-ms-time-next-visible", out var time) ? time : throw MissingField("x-ms-time-next-visible");
        return Response.FromValue(new UpdateReceipt(newReceipt, QueueMessageXml.ParseTime(nextVisible)), response);
    }

    /// <summary>
    /// Deletes a received message. A stale receipt (someone received or updated the message
    /// since) fails with 404 <c>MessageNotFound</c> on Azure but 400 <c>PopReceiptMismatch</c> on
    /// Azurite, so callers should treat both as "no longer ours"; a deleted message gives 404.
    /// </summary>
    public virtual async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessageRequest(RequestMethod.Delete, messageId, popReceipt);
        return await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<Response<QueueProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMetadataMessage();
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[MetadataPrefix.Length..]] = header.Value;
            }
        }

        var count = response.Headers.TryGetValue("x-ms-approximate-messages-count", out var value)
            ? long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw MissingField("x-ms-approximate-messages-count");
        return Response.FromValue(new QueueProperties(metadata, (int)Math.Min(count, int.MaxValue)), response);
    }

    /// <summary>Deletes every message of the queue.</summary>
    public virtual async Task<Response> ClearMessagesAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "/messages");
        return await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Encodes the text, checks its encoded size, and wraps it in the XML body.</summary>
    private byte[] EncodeBody(string messageText)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var utf8 = _encoding == QueueMessageEncoding.Base64 ? Encoding.UTF8.GetBytes(messageText) : null;
        var utf8Length = utf8?.Length ?? Encoding.UTF8.GetByteCount(messageText);
        var encodedLength = utf8 is null ? utf8Length : 4L * ((utf8Length + 2) / 3);
        if (encodedLength > MessageMaxBytes)
        {
            throw new ArgumentException(
                $"The message is {encodedLength:N0} bytes after {_encoding} encoding ({utf8Length:N0} bytes of UTF-8 text); a queue message may be at most {MessageMaxBytes:N0} bytes (64 KiB).",
                nameof(messageText));
        }

        return QueueMessageXml.WriteMessage(utf8 is null ? messageText : Convert.ToBase64String(utf8));
    }

    private BinaryData Decode(QueueWireMessage message)
    {
        var text = message.MessageText ?? string.Empty;
        if (_encoding == QueueMessageEncoding.None)
        {
            return BinaryData.FromString(text);
        }

        try
        {
            return BinaryData.FromBytes(Convert.FromBase64String(text));
        }
        catch (FormatException e)
        {
            throw new FormatException(
                $"Message {message.MessageId} of queue '{Name}' is not Base64; every producer on this queue must use QueueMessageEncoding.Base64 (see docs/queue-message-encoding.md).",
                e);
        }
    }

    private void AppendMaxMessages(Request request, int? maxMessages)
    {
        if (maxMessages is not { } count)
        {
            return;
        }

        if (count < 1 || count > MaxPeekableMessages)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), count, $"A queue returns 1 to {MaxPeekableMessages} messages per call; {count} were asked for.");
        }

        request.Uri.AppendQuery("numofmessages", count.ToString(CultureInfo.InvariantCulture));
    }

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>-1 (never expire) for either spelling of infinity; otherwise whole seconds, at least one.</summary>
    private static string TimeToLiveSeconds(TimeSpan timeToLive)
    {
        if (timeToLive == Timeout.InfiniteTimeSpan || timeToLive == TimeSpan.FromSeconds(-1))
        {
            return "-1";
        }

        if (timeToLive < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "A message's time to live is at least one second, or TimeSpan.FromSeconds(-1) for never expire.");
        }

        return Seconds(timeToLive);
    }

    private HttpMessage CreateMessage(RequestMethod method, string escapedSuffix)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_accountEndpoint);
        request.Uri.AppendPath("/" + Name + escapedSuffix, escape: false);
        return message;
    }

    private HttpMessage CreateMetadataMessage()
    {
        var message = CreateMessage(RequestMethod.Get, string.Empty);
        message.Request.Uri.AppendQuery("comp", "metadata");
        return message;
    }

    /// <summary>A request on one message. Ids and receipts are opaque and receipts hold '+', '/' and '=', so both are percent-encoded.</summary>
    private HttpMessage CreateMessageRequest(RequestMethod method, string messageId, string popReceipt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        var message = CreateMessage(method, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);
        return message;
    }

    private static void SetXmlBody(Request request, byte[] body)
    {
        request.Headers.Add(HttpHeader.Names.ContentType, "application/xml");
        request.Content = RequestContent.Create(body);
    }

    private Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken, int? expectedErrorStatus = null) =>
        _pipeline.SendCheckedAsync(message, cancellationToken, expectedErrorStatus);

    private static FormatException MissingField(string name) =>
        new($"The Queue service's answer has no {name}.");

    /// <summary>The queue URI without its last segment: the account endpoint, path-style on Azurite.</summary>
    private static Uri AccountEndpointOf(Uri queueUri)
    {
        ArgumentNullException.ThrowIfNull(queueUri);
        var path = queueUri.AbsolutePath.TrimEnd('/');
        return new UriBuilder(queueUri) { Path = path[..path.LastIndexOf('/')], Query = string.Empty }.Uri;
    }

    private static string QueueNameOf(Uri queueUri)
    {
        var path = queueUri.AbsolutePath.TrimEnd('/');
        return path[(path.LastIndexOf('/') + 1)..];
    }

    private static void ValidateQueueName(string queueName)
    {
        if (string.IsNullOrEmpty(queueName) || !QueueNamePattern().IsMatch(queueName))
        {
            throw new ArgumentException(
                $"'{queueName}' is not a valid queue name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, with no two hyphens in a row.",
                nameof(queueName));
        }
    }

    private static void ValidateMetadataName(string name)
    {
        if (string.IsNullOrEmpty(name) || !MetadataNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metadata name: ASCII letters, digits and '_', not starting with a digit.", "metadata");
        }
    }

    [GeneratedRegex("^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex MetadataNamePattern();
}
