using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Engage.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Discovery;

/// <summary>
/// The app's requests to Table Storage, each passed to <see cref="Before"/> first, which may hold it back (to
/// interleave two writers) or throw (to fail it as storage would). Installed as the app's one
/// <see cref="TableServiceClient"/>, without the SDK's own retries, so one call is one request.
/// </summary>
public sealed class TableTraffic : HttpPipelinePolicy
{
    public Func<Request, Task>? Before { get; set; }

    public static bool Targets(Request request, RequestMethod method, string entityKeys) =>
        request.Method == method && Uri.UnescapeDataString(request.Uri.ToUri().AbsolutePath).EndsWith(entityKeys, StringComparison.Ordinal);

    public void AddTo(IServiceCollection services) => services.AddSingleton(sp =>
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(options);
    });

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Before is { } before)
        {
            await before(message.Request);
        }

        await ProcessNextAsync(message, pipeline);
    }
}
