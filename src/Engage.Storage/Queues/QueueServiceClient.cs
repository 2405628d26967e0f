using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage.Queues;

/// <summary>Account-level entry point for queues; names and shapes as in Azure.Storage.Queues.</summary>
public class QueueServiceClient
{
    private readonly QueueClientConfiguration _configuration;
    private readonly Uri _endpoint;

    public QueueServiceClient(string connectionString, QueueClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    public QueueServiceClient(Uri serviceUri, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, credential.AccountName, QueueClientConfiguration.Create(credential, options))
    {
    }

    public QueueServiceClient(Uri serviceUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, StorageEndpoint.AccountNameOf(serviceUri), QueueClientConfiguration.Create(credential, options))
    {
    }

    /// <summary>For mocking.</summary>
    protected QueueServiceClient()
    {
        _configuration = null!;
        _endpoint = null!;
        AccountName = string.Empty;
    }

    private QueueServiceClient(StorageConnectionString connection, QueueClientOptions? options)
        : this(connection.QueueEndpoint, connection.AccountName, QueueClientConfiguration.Create(connection.Credential, options))
    {
    }

    private QueueServiceClient(Uri endpoint, string accountName, QueueClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _configuration = configuration;
        AccountName = accountName;
    }

    public virtual string AccountName { get; }

    public virtual Uri Uri => _endpoint;

    /// <summary>A client for one queue that shares this client's pipeline and encoding; the queue need not exist yet.</summary>
    public virtual QueueClient GetQueueClient(string queueName) => new(_endpoint, queueName, AccountName, _configuration);
}
