using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage;

/// <summary>What the table and queue client options share: the service version sent and the signing clock.</summary>
public abstract class StorageClientOptions : ClientOptions
{
    /// <param name="serviceVersion">1 = 2019-02-02, 2 = 2020-12-06, as the derived ServiceVersion enums number them.</param>
    private protected StorageClientOptions(int serviceVersion)
    {
        Version = serviceVersion switch
        {
            1 => "2019-02-02",
            2 => StoragePipeline.DefaultServiceVersion,
            _ => throw new ArgumentOutOfRangeException(nameof(serviceVersion)),
        };
    }

    internal string Version { get; }

    /// <summary>The clock that dates signed requests; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
