using Engage.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.WebConsole;

/// <summary>
/// <c>GET /api/console/{*path}</c>: the operator console, a single page that calls the app's own public routes.
/// Anonymous, because it is only static files: every route the page calls keeps its own authorization level, so
/// the page gives nobody more than their key or sign-in already does (docs/console.md).
/// </summary>
public sealed class ConsoleFunction(ConsoleAssets assets)
{
    public const string Route = "console";

    /// <summary>
    /// Scripts, styles and connections from this app only: no inline script can run, so text the page shows from
    /// the API (conversation messages, summaries) cannot turn into code even if an escape were missed.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function("Console")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{*path}")] HttpRequest request)
    {
        // Read from the path rather than a bound route value, so an empty catch-all binds the same on both hosts.
        var full = request.Path.Value ?? string.Empty;
        var at = full.IndexOf("/" + Route, StringComparison.OrdinalIgnoreCase);
        var rest = at < 0 ? string.Empty : full[(at + Route.Length + 1)..];
        if (rest.Length == 0)
        {
            // The page's relative links (app.css, js/…, ../health) resolve against a folder, so it lives under one.
            return TypedResults.Redirect(full + "/" + request.QueryString);
        }

        var asset = assets.Find(rest.TrimStart('/'));
        if (asset is null)
        {
            return Problems.NotFound("The console has no such file.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidated each time, so a deploy is seen at once; the ETag makes that a 304 when nothing changed.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Contains(asset.ETag, StringComparer.Ordinal)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
