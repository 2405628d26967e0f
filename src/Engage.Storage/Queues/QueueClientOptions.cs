using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage.Queues;

public sealed class QueueClientOptions : ClientOptions
{
    public QueueClientOptions(ServiceVersion version = ServiceVersion.V2020_12_06)
    {
        Version = version switch
        {
            ServiceVersion.V2019_02_02 => "2019-02-02",
            ServiceVersion.V2020_12_06 => StoragePipeline.DefaultServiceVersion,
            _ => throw new ArgumentOutOfRangeException(nameof(version)),
        };
    }

    public enum ServiceVersion
    {
        V2019_02_02 = 1,
        V2020_12_06 = 2,
    }

    /// <summary>
    /// Base64 by default, unlike Azure.Storage.Queues (None): Engage's convention is the Azure
    /// Functions queue trigger's default, so every producer and consumer agrees without
    /// configuration. See docs/queue-message-encoding.md.
    /// </summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;

    internal string Version { get; }

    /// <summary>The clock that dates signed requests; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
