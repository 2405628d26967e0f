using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace Engage.Functions.Tests;

/// <summary>
/// A <see cref="FunctionContext"/> as the ASP.NET Core integration hands an HTTP function one, mocked: its request
/// in <c>Items</c> and its worker request data (the URL the Durable extension builds status links from).
/// </summary>
public static class FunctionContexts
{
    /// <summary>The key under which the ASP.NET Core integration keeps the request's <see cref="HttpContext"/>.</summary>
    public const string HttpContextKey = "HttpRequestContext";

    public static Mock<FunctionContext> ForHttp(HttpContext http, string functionName = "TestFunction")
    {
        var context = new Mock<FunctionContext>();
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(functionName);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { [HttpContextKey] = http });

        var requestData = new Mock<HttpRequestData>(context.Object);
        requestData.SetupGet(r => r.Headers).Returns(new HttpHeadersCollection(http.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString()))));
        requestData.SetupGet(r => r.Url).Returns(new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}"));
        var feature = new Mock<IHttpRequestDataFeature>();
        feature.Setup(f => f.GetHttpRequestDataAsync(It.IsAny<FunctionContext>())).Returns(new ValueTask<HttpRequestData?>(requestData.Object));
        var features = new Mock<IInvocationFeatures>();
        features.Setup(f => f.Get<IHttpRequestDataFeature>()).Returns(feature.Object);
        context.SetupGet(c => c.Features).Returns(features.Object);
        return context;
    }

    /// <summary>A request as the frontend sends it, to a public address the status links must carry.</summary>
    public static DefaultHttpContext Request(string method, string path, string? body = null, IServiceProvider? services = null)
    {
        var http = new DefaultHttpContext { RequestServices = services! };
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("engage.example");
        http.Request.Path = path;
        http.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body ?? string.Empty));
        http.Response.Body = new MemoryStream();
        return http;
    }
}
