using System.Security.Claims;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Engage.LocalHost.Http;

/// <summary>
/// The worker's request model over the ASP.NET Core request, which the ASP.NET Core integration also hands out
/// (<c>FunctionContext.GetHttpRequestDataAsync()</c>): the Durable extension builds its status links from it.
/// </summary>
public sealed class LocalHttpRequestData(HttpRequest request, FunctionContext context) : HttpRequestData(context)
{
    public override Stream Body => request.Body;

    public override HttpHeadersCollection Headers { get; } =
        new(request.Headers.Select(h => KeyValuePair.Create(h.Key, (IEnumerable<string>)h.Value.Select(v => v ?? string.Empty).ToList())));

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } =
        request.Cookies.Select(c => (IHttpCookie)new HttpCookie(c.Key, c.Value)).ToList();

    public override Uri Url { get; } = new(request.GetDisplayUrl());

    public override IEnumerable<ClaimsIdentity> Identities => request.HttpContext.User.Identities;

    public override string Method => request.Method;

    public override HttpResponseData CreateResponse() => new LocalHttpResponseData(FunctionContext);

    /// <summary>Hands the request data to the app, as the ASP.NET Core integration's feature does.</summary>
    public sealed class Feature : IHttpRequestDataFeature
    {
        public static Feature Instance { get; } = new();

        public ValueTask<HttpRequestData?> GetHttpRequestDataAsync(FunctionContext context) =>
            new(context.GetHttpContext() is { } http ? new LocalHttpRequestData(http.Request, context) : null);
    }
}

/// <summary>A worker response, buffered until the function returns it and the host writes it out.</summary>
public sealed class LocalHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override System.Net.HttpStatusCode StatusCode { get; set; } = System.Net.HttpStatusCode.OK;

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies { get; } = new CookieJar();

    public async Task WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)StatusCode;
        foreach (var (name, values) in Headers)
        {
            response.Headers.Append(name, values.ToArray());
        }

        foreach (var cookie in ((CookieJar)Cookies).All)
        {
            response.Cookies.Append(cookie.Name, cookie.Value, new CookieOptions
            {
                Domain = cookie.Domain,
                Path = cookie.Path,
                Expires = cookie.Expires,
                HttpOnly = cookie.HttpOnly ?? false,
                Secure = cookie.Secure ?? false,
                MaxAge = cookie.MaxAge is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            });
        }

        Body.Position = 0;
        await Body.CopyToAsync(response.Body, cancellationToken);
    }

    private sealed class CookieJar : HttpCookies
    {
        public List<IHttpCookie> All { get; } = [];

        public override void Append(string name, string value) => All.Add(new HttpCookie(name, value));

        public override void Append(IHttpCookie cookie) => All.Add(cookie);

        public override IHttpCookie CreateNew() => new HttpCookie(string.Empty, string.Empty);
    }
}
