using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

/// <summary>Another result with response headers added: the asynchronous 202 pattern needs <c>Location</c> and <c>Retry-After</c> on a JSON body.</summary>
internal sealed class HeadersResult(IResult inner, params (string Name, string Value)[] headers) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return inner.ExecuteAsync(httpContext);
    }
}
