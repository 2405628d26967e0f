using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Engagement.Meetings;

/// <summary>
/// A loopback server answering <c>GET /external/v1/meetings</c> as Fathom does. It refuses a missing or wrong
/// <c>X-Api-Key</c> with 401; otherwise it plays its script of replies, then <see cref="Default"/>.
/// </summary>
public sealed class FakeFathomServer : IAsyncDisposable
{
    public const string ApiKey = "fathom-test-key-7d41c0b2e9";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<FathomRequest> _requests = new();

    private FakeFathomServer(WebApplication app)
    {
        _app = app;
        _app.MapGet("/external/v1/meetings", AnswerAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The reply once the script is used up: an empty last page.</summary>
    public Func<HttpContext, Task> Default { get; set; } = Page([]);

    public IReadOnlyList<FathomRequest> Requests => [.. _requests];

    public static async Task<FakeFathomServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeFathomServer(builder.Build());
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.Single() + "/external/v1");
        return server;
    }

    /// <summary>A page of meetings as Fathom lists them; a null cursor marks the last page. It may be served any number of times.</summary>
    public static Func<HttpContext, Task> Page(IReadOnlyList<JsonObject> items, string? nextCursor = null) => context =>
        context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["limit"] = 10,
            ["next_cursor"] = nextCursor,
            ["items"] = new JsonArray([.. items.Select(item => item.DeepClone())]),
        });

    public static Func<HttpContext, Task> Status(int status, params (string Name, string Value)[] headers) =>
        Status(status, $"{{\"message\":\"scripted {status}\"}}", headers);

    public static Func<HttpContext, Task> Status(int status, string body, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    };

    /// <summary>Accepts the request and never answers (until the client gives up).</summary>
    public static Func<HttpContext, Task> Silence() => context =>
        Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);

    public void Enqueue(params Func<HttpContext, Task>[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new FathomRequest(
            request.Headers["X-Api-Key"].FirstOrDefault(),
            request.QueryString.Value ?? string.Empty,
            request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.Select(value => value ?? string.Empty).ToArray()),
            Stopwatch.GetTimestamp()));

        if (request.Headers["X-Api-Key"] != ApiKey)
        {
            return Status(StatusCodes.Status401Unauthorized)(context);
        }

        return (_script.TryDequeue(out var next) ? next : Default)(context);
    }
}
