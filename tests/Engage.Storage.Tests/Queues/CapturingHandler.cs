namespace Engage.Storage.Tests.Queues;

/// <summary>An HTTP handler that records each request (with its body) and answers with a canned response; no network.</summary>
internal sealed class CapturingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    public HttpRequestMessage Single => Assert.Single(Requests).Request;

    public string SingleBody => Assert.Single(Requests).Body;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        return respond(request);
    }
}
