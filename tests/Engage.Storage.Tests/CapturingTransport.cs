using Azure.Core;
using Azure.Core.Pipeline;

namespace Engage.Storage.Tests;

/// <summary>
/// A pipeline transport that answers every request itself and keeps what was sent, for unit
/// tests of request shape (auth headers, versions) without a network.
/// </summary>
internal sealed class CapturingTransport(int status = 200, string body = "{\"value\":[]}") : HttpPipelineTransport
{
    public List<CapturedRequest> Requests { get; } = [];

    public override Request CreateRequest() => new HttpClientTransport().CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        var request = message.Request;
        Requests.Add(new CapturedRequest(
            request.Method.Method,
            request.Uri.ToUri(),
            request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase)));
        message.Response = new FakeResponse(status, body);
        return ValueTask.CompletedTask;
    }

    internal sealed record CapturedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);
}
