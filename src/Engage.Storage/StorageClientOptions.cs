using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage;

/// <summary>What the table and queue client options share: the service version sent and the signing clock.</summary>
public abstract class StorageClientOptions : ClientOptions
{
    /// <summary>The headers that tell what a storage call did; Azure.Core redacts unlisted ones from logs.</summary>
    private static readonly string[] StorageLoggedHeaderNames =
        ["x-ms-version", "x-ms-error-code", "x-ms-request-id", "x-ms-approximate-messages-count", "ETag", "If-Match"];

    /// <param name="serviceVersion">1 = 2019-02-02, 2 = 2020-12-06, as the derived ServiceVersion enums number them.</param>
    private protected StorageClientOptions(int serviceVersion)
    {
        Version = serviceVersion switch
        {
            1 => "2019-02-02",
            2 => StoragePipeline.DefaultServiceVersion,
            _ => throw new ArgumentOutOfRangeException(nameof(serviceVersion)),
        };

        var logged = Diagnostics.LoggedHeaderNames;
        foreach (var name in StorageLoggedHeaderNames.Where(n => !logged.Contains(n, StringComparer.OrdinalIgnoreCase)))
        {
            logged.Add(name);
        }
    }

    internal string Version { get; }

    /// <summary>The clock that dates signed requests; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
