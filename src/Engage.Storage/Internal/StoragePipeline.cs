using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Engage.Storage.Internal;

/// <summary>Builds the Azure.Core pipeline shared by the table and queue clients.</summary>
internal static class StoragePipeline
{
    /// <summary>
    /// The service version every request states. It is what Azure.Data.Tables sends by default,
    /// new enough for bearer tokens (2017-11-09) and accepted by every Azurite 3.x we pin.
    /// </summary>
    public const string DefaultServiceVersion = "2020-12-06";

    public const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Build(StorageClientOptions options, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(new HttpPipelineOptions(options)
        {
            PerCallPolicies = { new StorageVersionPolicy(options.Version) },
            PerRetryPolicies = { authentication },
            RequestFailedDetailsParser = new StorageErrorParser(),
        });

    public static HttpPipelinePolicy BearerPolicy(TokenCredential credential) =>
        new BearerTokenAuthenticationPolicy(credential, StorageScope);

    /// <summary>
    /// Sends and throws <see cref="RequestFailedException"/> for an error answer, except the one
    /// status the caller treats as an outcome (a 404 on get-if-exists, a 409 on create-if-not-exists).
    /// </summary>
    public static async Task<Response> SendCheckedAsync(this HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken, int? expectedErrorStatus = null)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.IsError && response.Status != expectedErrorStatus)
        {
            throw new RequestFailedException(response);
        }

        return response;
    }
}
