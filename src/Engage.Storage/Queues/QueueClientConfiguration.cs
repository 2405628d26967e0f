using Azure.Core;
using Azure.Core.Pipeline;
using Engage.Storage.Internal;

namespace Engage.Storage.Queues;

/// <summary>What every queue client of one service client shares: the pipeline and the message encoding.</summary>
internal sealed record QueueClientConfiguration(HttpPipeline Pipeline, QueueMessageEncoding MessageEncoding)
{
    public static QueueClientConfiguration Create(StorageSharedKeyCredential credential, QueueClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new QueueClientOptions();
        return new(StoragePipeline.Build(options, new QueueSharedKeyPolicy(credential, options.TimeProvider)), options.MessageEncoding);
    }

    public static QueueClientConfiguration Create(TokenCredential credential, QueueClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new QueueClientOptions();
        return new(StoragePipeline.Build(options, StoragePipeline.BearerPolicy(credential)), options.MessageEncoding);
    }
}
