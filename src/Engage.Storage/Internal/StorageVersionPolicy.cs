using Azure.Core;
using Azure.Core.Pipeline;

namespace Engage.Storage.Internal;

internal sealed class StorageVersionPolicy(string serviceVersion) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
}
