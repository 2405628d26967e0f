using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage.Tables;

public sealed class TableClientOptions : ClientOptions
{
    public TableClientOptions(ServiceVersion version = ServiceVersion.V2020_12_06)
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

    internal string Version { get; }

    /// <summary>The clock that dates signed requests; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
