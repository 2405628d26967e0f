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

    public static HttpPipeline Build(ClientOptions options, string serviceVersion, HttpPipelinePolicy authentication)
    {
        options.Diagnostics.LoggedHeaderNames.Add("x-ms-version");
        options.Diagnostics.LoggedHeaderNames.Add("x-ms-error-code");
        options.Diagnostics.LoggedHeaderNames.Add("x-ms-request-id");
        options.Diagnostics.LoggedHeaderNames.Add("x-ms-approximate-messages-count");
        options.Diagnostics.LoggedHeaderNames.Add("ETag");
        options.Diagnostics.LoggedHeaderNames.Add("If-Match");

        return HttpPipelineBuilder.Build(new HttpPipelineOptions(options)
        {
            PerCallPolicies = { new StorageVersionPolicy(serviceVersion) },
            PerRetryPolicies = { authentication },
            RequestFailedDetailsParser = new StorageErrorParser(),
        });
    }

    public static HttpPipelinePolicy BearerPolicy(TokenCredential credential) =>
        new BearerTokenAuthenticationPolicy(credential, StorageScope);
}
