using Engage.Functions.Http;
using Engage.Functions.Keys;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Engage.Functions.Hosting;

public static class EngageApplicationExtensions
{
    /// <summary>
    /// Request logging outermost, so it sees the final status; then errors as problem details; key checks
    /// after routing, where the endpoint's auth level is known.
    /// </summary>
    public static WebApplication UseEngagePipeline(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<FunctionsHostOptions>>().Value.IsCustomHandler)
        {
            // The host forwards a copy of the caller's request over plain http on loopback, X-Forwarded-Proto
            // included; honouring it (from loopback only, the default) keeps the caller's https in the links
            // the app hands out.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto });
        }

        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<FunctionKeyMiddleware>();
        return app;
    }

    public static WebApplication MapEngageEndpoints(this WebApplication app)
    {
        foreach (var module in app.Services.GetServices<IEndpointModule>())
        {
            module.MapEndpoints(app);
        }

        return app;
    }
}
