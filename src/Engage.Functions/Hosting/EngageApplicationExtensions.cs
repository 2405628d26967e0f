using Engage.Functions.Http;
using Engage.Functions.Keys;

namespace Engage.Functions.Hosting;

public static class EngageApplicationExtensions
{
    /// <summary>
    /// Request logging outermost, so it sees the final status; then errors as problem details; key checks
    /// after routing, where the endpoint's auth level is known.
    /// </summary>
    public static WebApplication UseEngagePipeline(this WebApplication app)
    {
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
